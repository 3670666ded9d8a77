using System.Net;
using Microsoft.Extensions.Logging.Abstractions;
using TelecomContactCenter.Sip.Messages;
using TelecomContactCenter.Sip.Protection;
using TelecomContactCenter.Sip.Tests.Registrar;
using TelecomContactCenter.Sip.Tests.Transactions;
using TelecomContactCenter.Sip.Transport;
using TelecomContactCenter.Testing;

namespace TelecomContactCenter.Sip.Tests.Protection;

/// <summary>
/// The guard as the transaction layer's screen: a refused request gets one response or none, no transaction, no
/// retransmissions until Timer H, no upcall, and the transaction table stays within its configured bound.
/// </summary>
public sealed class StatelessRefusalTests : IDisposable
{
    private static readonly SipPeer Stranger = new(SipTransportNames.Udp, new IPEndPoint(IPAddress.Parse("203.0.113.9"), 5060));
    private static readonly SipPeer Trunk = new(SipTransportNames.Udp, new IPEndPoint(IPAddress.Parse("198.51.100.20"), 5060));
    private readonly WatchedTimeProvider _clock = new();
    private readonly SipProtectionOptions _options = new();
    private readonly string _eventFile = Path.Combine(Path.GetTempPath(), $"tcc-security-{Guid.NewGuid():N}.log");
    private RefusalCounters? _refusals;

    public StatelessRefusalTests()
    {
        _options.TrustedTrunks.Add("198.51.100.0/24");
        _options.RateLimit.RequestsPerSecond = 1_000;
        _options.RateLimit.Burst = 10_000;
        _options.Bans.Threshold = 5;
        _options.SecurityEvents.FilePath = _eventFile;
    }

    [Fact]
    public void InviteFloodFromStranger_EachOfTheFirstAnsweredOnce403_ThenBannedAndDropped_NothingKept()
    {
        var (bed, bans) = Create();

        for (var i = 0; i < 500; i++)
        {
            var invite = TransactionTestBed.Request("INVITE", branch: $"z9hG4bKflood{i}", callId: $"flood-{i}");
            bed.Deliver(invite, Stranger);
            bed.Deliver(invite, Stranger); // a retransmission is one more request, answered at most once more
        }

        bed.Clock.Advance(TimeSpan.FromSeconds(40)); // past Timer H: a transaction would have retransmitted its 403

        Assert.Equal(5, bed.Sent.Count);
        Assert.All(bed.Sent, message => Assert.Equal(403, Assert.IsType<SipResponse>(message).StatusCode));
        Assert.Empty(bed.Requests);
        Assert.Equal(0, bed.Layer.KeptServerTransactionCount);
        Assert.Equal(1_000, bed.Layer.ScreenedOut);
        Assert.True(bans.IsBanned(Stranger.RemoteEndPoint.Address));
        Assert.Equal((5, 995), (_refusals!.Count(RefusalReason.Forbidden), _refusals.Count(RefusalReason.Banned)));
        Assert.Equal(1, _refusals.SummariesLogged);
        Assert.Contains("security-event reason=banned source=203.0.113.9", File.ReadAllText(_eventFile));
    }

    [Fact]
    public void FloodOverTheTransactionLimit_KeepsAtMostTheLimit_RestGetOneStateless503WithRetryAfter()
    {
        _options.Overload.MaxServerTransactions = 10;
        _options.Overload.RetryAfterSeconds = 9;
        var (bed, _) = Create();

        for (var i = 0; i < 100; i++)
        {
            bed.Deliver(TransactionTestBed.Request("INVITE", branch: $"z9hG4bKtrunk{i}", callId: $"trunk-{i}"), Trunk);
        }

        bed.Clock.Advance(TimeSpan.FromSeconds(40));

        Assert.Equal(10, bed.Requests.Count);
        Assert.Equal(10, bed.Layer.KeptServerTransactionCount);
        var unavailable = bed.Sent.OfType<SipResponse>().Where(r => r.StatusCode == 503).ToList();
        Assert.Equal(90, unavailable.Count);
        Assert.All(unavailable, r => Assert.Equal("9", r.Headers.Get(ProtectionResponses.RetryAfterHeader)));
        Assert.Equal(90, _refusals!.Count(RefusalReason.Overloaded));
    }

    [Fact]
    public void TrunkRedirects_FinishedTransactionsWeighASixteenth_TheLimitBoundsTheTableNotASustainedRate()
    {
        _options.Overload.MaxServerTransactions = 10;
        var (bed, _) = Create();
        bed.OnNewRequest = t => t.Respond(302, toTag: "t");
        void RedirectedCall(int i, bool acknowledged = true)
        {
            bed.Deliver(TransactionTestBed.Request("INVITE", branch: $"z9hG4bKr{i}", callId: $"redirect-{i}"), Trunk);
            if (acknowledged)
            {
                bed.Deliver(TransactionTestBed.Request("ACK", branch: $"z9hG4bKr{i}", toTag: "t", callId: $"redirect-{i}"), Trunk);
            }
        }

        // 145 redirected, acknowledged calls leave 145 records absorbing retransmissions for Timer I: 14.5 times the
        // limit in number, 10 by memory weight (ceil(145 / 16)), so the next call is refused.
        for (var i = 0; i < 145; i++)
        {
            RedirectedCall(i);
        }

        RedirectedCall(145);
        var keptAtTheLimit = bed.Layer.KeptServerTransactionCount;
        bed.Clock.Advance(TimeSpan.FromSeconds(6)); // Timer I (T4, 5 s) over: the records go.
        RedirectedCall(146, acknowledged: false);

        Assert.Equal(146, bed.SentStatus(302));
        Assert.Equal(1, bed.SentStatus(503));
        Assert.Equal(145, keptAtTheLimit);
        Assert.Equal(1, bed.Layer.KeptServerTransactionCount);
    }

    [Fact]
    public void ScannerUserAgent_IsDroppedUnansweredAndItsSourceBanned_OthersUnaffected()
    {
        var (bed, bans) = Create();
        var probe = TransactionTestBed.Request("OPTIONS", branch: "z9hG4bKscan1");
        probe.Headers.Add(SipHeaderNames.UserAgent, "friendly-scanner");
        var next = TransactionTestBed.Request("OPTIONS", branch: "z9hG4bKscan2", callId: "call-2");

        bed.Deliver(probe, Stranger);
        bed.Deliver(next, Stranger);
        bed.Deliver(TransactionTestBed.Request("OPTIONS", branch: "z9hG4bKtrunk", callId: "call-3"), Trunk);

        Assert.Empty(bed.Sent);
        Assert.Single(bed.Requests); // the trunk's
        Assert.True(bans.IsBanned(Stranger.RemoteEndPoint.Address));
        Assert.Contains("reason=scanner source=203.0.113.9", File.ReadAllText(_eventFile));
    }

    [Fact]
    public void TrustedTrunk_IsNeverBanned()
    {
        var (_, bans) = Create();

        for (var i = 0; i < 50; i++)
        {
            bans.Strike(Trunk.RemoteEndPoint.Address, SecurityEventReasons.DigestFailed, "agent1");
        }

        Assert.False(bans.IsBanned(Trunk.RemoteEndPoint.Address));
    }

    [Fact]
    public void Ban_EndsAfterItsDuration()
    {
        _options.Bans.Duration = TimeSpan.FromMinutes(15);
        var (_, bans) = Create();
        for (var i = 0; i < 5; i++)
        {
            bans.Strike(Stranger.RemoteEndPoint.Address, SecurityEventReasons.DigestFailed, "agent1");
        }

        var during = bans.IsBanned(Stranger.RemoteEndPoint.Address);
        _clock.Advance(TimeSpan.FromMinutes(15.1));

        Assert.True(during);
        Assert.False(bans.IsBanned(Stranger.RemoteEndPoint.Address));
    }

    public void Dispose()
    {
        _refusals?.Dispose();
        File.Delete(_eventFile);
    }

    private (TransactionTestBed Bed, SourceBans Bans) Create()
    {
        var wrapped = Microsoft.Extensions.Options.Options.Create(_options);
        var trunks = new TrustedTrunkAllowlist(_options.TrustedTrunks);
        var events = new SecurityEventLog(_clock, wrapped, NullLoggerFactory.Instance);
        var bans = new SourceBans(_clock, wrapped, trunks, events);
        _refusals = new RefusalCounters(_clock, wrapped, NullLogger<RefusalCounters>.Instance);
        var guard = new SipRequestGuard(new SourceRateLimiter(_clock, wrapped), new OverloadGate(wrapped),
            new InviteAdmission(trunks, new RegistrarFixture().Store), trunks, wrapped, bans, _refusals);
        return (new TransactionTestBed(guard, _clock), bans);
    }
}
