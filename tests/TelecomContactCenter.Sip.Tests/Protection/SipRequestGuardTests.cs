using System.Net;
using Microsoft.Extensions.Time.Testing;
using TelecomContactCenter.Sip.Protection;
using TelecomContactCenter.Sip.Tests.Identity;
using TelecomContactCenter.Sip.Tests.Registrar;

namespace TelecomContactCenter.Sip.Tests.Protection;

public sealed class SipRequestGuardTests
{
    private static readonly IPAddress Trunk = IPAddress.Parse("198.51.100.20");
    private static readonly IPAddress Stranger = IPAddress.Parse("203.0.113.9");
    private readonly RegistrarFixture _registrar = new();
    private readonly FakeTimeProvider _time = new();
    private readonly SipProtectionOptions _options = new();

    public SipRequestGuardTests()
    {
        _options.TrustedTrunks.Add("198.51.100.0/24");
        _options.RateLimit.RequestsPerSecond = 1;
        _options.RateLimit.Burst = 3;
        _options.Overload.MaxInFlightTransactions = 2;
        _options.Overload.RetryAfterSeconds = 7;
    }

    [Fact]
    public void Check_InviteFromStranger_Rejects403AndFreesItsSlot()
    {
        var (guard, gate) = Create();

        var decision = guard.Check(TestSipRequests.Invite("<sip:1@x>;tag=1"), Stranger);

        Assert.Equal(GuardVerdict.Reject, decision.Verdict);
        Assert.Equal(403, decision.Response!.StatusCode);
        Assert.Equal(0, gate.InFlight);
    }

    [Fact]
    public async Task Check_InviteFromRegisteredPhoneOrTrunk_IsAdmittedHoldingASlot()
    {
        await _registrar.RegisterWithAuth("agent1", ["<sip:agent1@192.0.2.10:5062>"], expires: 600);
        var (guard, gate) = Create();

        var fromPhone = guard.Check(TestSipRequests.Invite("<sip:agent1@x>;tag=1"), RegistrarFixture.PhoneEndPoint.Address);
        var fromTrunk = guard.Check(TestSipRequests.Invite("<sip:13800000001@x>;tag=1"), Trunk);

        Assert.Equal(GuardVerdict.Admit, fromPhone.Verdict);
        Assert.True(fromPhone.HoldsSlot);
        Assert.Equal(GuardVerdict.Admit, fromTrunk.Verdict);
        Assert.Equal(2, gate.InFlight);
    }

    [Fact]
    public void Check_Overloaded_Answers503WithRetryAfterUntilASlotIsReleased()
    {
        var (guard, _) = Create();
        guard.Check(Options(), Trunk);
        guard.Check(Options(), Trunk);

        var overloaded = guard.Check(Options(), Trunk);
        guard.Release();
        var afterRelease = guard.Check(Options(), Trunk);

        Assert.Equal(503, overloaded.Response!.StatusCode);
        Assert.Equal("7", overloaded.Response.Headers.Get(ProtectionResponses.RetryAfterHeader));
        Assert.Equal(GuardVerdict.Admit, afterRelease.Verdict);
    }

    [Fact]
    public void Check_AckAndCancelWhileOverloaded_AreStillAdmitted()
    {
        var (guard, _) = Create();
        guard.Check(Options(), Trunk);
        guard.Check(Options(), Trunk);

        var ack = guard.Check(TestSipRequests.Parse("ACK", "sip:10001@cc", "<sip:1@x>;tag=1"), Trunk);
        var cancel = guard.Check(TestSipRequests.Parse("CANCEL", "sip:10001@cc", "<sip:1@x>;tag=1"), Trunk);

        Assert.Equal(GuardVerdict.Admit, ack.Verdict);
        Assert.False(ack.HoldsSlot);
        Assert.Equal(GuardVerdict.Admit, cancel.Verdict);
    }

    [Fact]
    public void Check_FloodFromOneSource_IsDroppedSilentlyButTrunkIsExempt()
    {
        var (guard, _) = Create();
        var verdicts = Enumerable.Range(0, 5).Select(_ =>
        {
            var decision = guard.Check(Options(), Stranger);
            if (decision.HoldsSlot)
            {
                guard.Release();
            }

            return decision.Verdict;
        }).ToList();

        var trunkVerdicts = Enumerable.Range(0, 5).Select(_ =>
        {
            var decision = guard.Check(Options(), Trunk);
            guard.Release();
            return decision.Verdict;
        }).ToList();

        Assert.Equal([GuardVerdict.Admit, GuardVerdict.Admit, GuardVerdict.Admit, GuardVerdict.Drop, GuardVerdict.Drop], verdicts);
        Assert.All(trunkVerdicts, v => Assert.Equal(GuardVerdict.Admit, v));
    }

    private static Sip.Messages.SipRequest Options() =>
        TestSipRequests.Parse("OPTIONS", "sip:10001@cc", "<sip:probe@x>;tag=1");

    private (SipRequestGuard Guard, OverloadGate Gate) Create()
    {
        var wrapped = Microsoft.Extensions.Options.Options.Create(_options);
        var trunks = new TrustedTrunkAllowlist(_options.TrustedTrunks);
        var gate = new OverloadGate(wrapped);
        var guard = new SipRequestGuard(
            new SourceRateLimiter(_time, wrapped), gate, new InviteAdmission(trunks, _registrar.Store), trunks, wrapped);
        return (guard, gate);
    }
}
