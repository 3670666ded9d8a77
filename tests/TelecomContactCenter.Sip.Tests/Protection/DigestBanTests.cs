using System.Net;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using TelecomContactCenter.Sip.Protection;
using TelecomContactCenter.Sip.Tests.Registrar;

namespace TelecomContactCenter.Sip.Tests.Protection;

/// <summary>The ban list fed by the registrar's digest checks.</summary>
public sealed class DigestBanTests
{
    private static readonly IPEndPoint Office = new(IPAddress.Parse("192.0.2.50"), 5060);
    private static readonly IPEndPoint Attacker = new(IPAddress.Parse("203.0.113.66"), 5060);
    private readonly SipProtectionOptions _options = new();

    public DigestBanTests() => _options.Bans.Threshold = 5;

    [Fact]
    public async Task OfficeBehindOneNat_ManyPhonesChallengedFirst_IsNotBanned()
    {
        var (registrar, bans) = Create();

        for (var phone = 0; phone < 40; phone++)
        {
            var first = await registrar.Registrar.HandleAsync(
                RegistrarFixture.Register("agent1", 1, $"office-{phone}", ["<sip:agent1@192.0.2.50>"]), Office, CancellationToken.None);
            Assert.Equal(401, first.StatusCode);
        }

        var answered = await registrar.RegisterWithAuth("agent1", ["<sip:agent1@192.0.2.50>"], expires: 600, source: Office);

        Assert.False(bans.IsBanned(Office.Address));
        Assert.Equal(200, answered.StatusCode);
    }

    [Fact]
    public async Task BruteForceOnAgent1FromOneAddress_BansThatAddress_Agent1sPhoneStillRegisters()
    {
        var (registrar, bans) = Create();

        for (var guess = 0; guess < 5; guess++)
        {
            await registrar.RegisterWithAuth("agent1", ["<sip:agent1@203.0.113.66>"], password: $"guess{guess}",
                callId: $"brute-{guess}", source: Attacker);
        }

        var phone = await registrar.RegisterWithAuth("agent1", ["<sip:agent1@192.0.2.10:5062>"], expires: 600);

        Assert.True(bans.IsBanned(Attacker.Address));
        Assert.False(bans.IsBanned(RegistrarFixture.PhoneEndPoint.Address));
        Assert.Equal(200, phone.StatusCode);
    }

    private (RegistrarFixture Registrar, SourceBans Bans) Create()
    {
        var time = new FakeTimeProvider();
        var wrapped = Microsoft.Extensions.Options.Options.Create(_options);
        var bans = new SourceBans(time, wrapped, new TrustedTrunkAllowlist([]),
            new SecurityEventLog(time, wrapped, NullLoggerFactory.Instance));
        return (new RegistrarFixture(failureSink: bans), bans);
    }
}
