using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using TelecomContactCenter.Sip.Protection;
using TelecomContactCenter.Sip.Tests.Integration;
using TelecomContactCenter.Sip.Tests.Registrar;
using TelecomContactCenter.Sip.Transport;
using TelecomContactCenter.Sip.UserAgent;
using TelecomContactCenter.Testing;

namespace TelecomContactCenter.Sip.Tests.Protection;

/// <summary>
/// Malformed requests over real UDP to a stack screened by the guard: each one answered 400 is a strike, so a source
/// that keeps sending them is banned and its next request goes unanswered; a trusted trunk is answered every time.
/// </summary>
public sealed class MalformedBanTests : IAsyncDisposable
{
    private readonly FakeTimeProvider _clock = new();
    private readonly SipProtectionOptions _options = new();
    private readonly string _eventFile = Path.Combine(Path.GetTempPath(), $"tcc-security-{Guid.NewGuid():N}.log");
    private readonly UdpClient _sender = new(new IPEndPoint(IPAddress.Loopback, 0));
    private SipStack? _stack;

    public MalformedBanTests()
    {
        _options.Bans.Threshold = 3;
        _options.SecurityEvents.FilePath = _eventFile;
    }

    [Fact]
    public async Task ThreeMalformedRequests_Answered400_BanTheSource_AndTheFourthIsDropped()
    {
        var (stack, bans, refusals) = await StartAsync();

        for (var i = 0; i < 3; i++)
        {
            Assert.StartsWith("SIP/2.0 400 ", await SendAndReceiveAsync(stack, i), StringComparison.Ordinal);
        }

        await _sender.SendAsync(Malformed(3), stack.UdpEndPoint);
        await UntilAsync(() => stack.Statistics.MalformedDropped == 1);

        Assert.True(bans.IsBanned(IPAddress.Loopback));
        Assert.Equal(3, stack.Statistics.MalformedAnswered);
        Assert.Equal(1, refusals.Count(RefusalReason.Banned));
        var events = await File.ReadAllLinesAsync(_eventFile);
        Assert.Equal(3, events.Count(l => l.Contains("security-event reason=malformed source=127.0.0.1", StringComparison.Ordinal)));
        Assert.Single(events, l => l.Contains("security-event reason=banned source=127.0.0.1", StringComparison.Ordinal));
    }

    [Fact]
    public async Task MalformedRequestsFromATrustedTrunk_AreAnsweredEveryTime_AndNeverBan()
    {
        _options.TrustedTrunks.Add("127.0.0.1");
        var (stack, bans, _) = await StartAsync();

        for (var i = 0; i < 6; i++)
        {
            Assert.StartsWith("SIP/2.0 400 ", await SendAndReceiveAsync(stack, i), StringComparison.Ordinal);
        }

        Assert.False(bans.IsBanned(IPAddress.Loopback));
        Assert.False(File.Exists(_eventFile) && (await File.ReadAllTextAsync(_eventFile)).Contains("reason=banned", StringComparison.Ordinal));
    }

    public async ValueTask DisposeAsync()
    {
        if (_stack is not null)
        {
            await _stack.DisposeAsync();
        }

        _sender.Dispose();
        File.Delete(_eventFile);
    }

    private async Task<(SipStack Stack, SourceBans Bans, RefusalCounters Refusals)> StartAsync()
    {
        var wrapped = Microsoft.Extensions.Options.Options.Create(_options);
        var trunks = new TrustedTrunkAllowlist(_options.TrustedTrunks);
        var bans = new SourceBans(_clock, wrapped, trunks, new SecurityEventLog(_clock, wrapped, NullLoggerFactory.Instance));
        var refusals = new RefusalCounters(_clock, wrapped, NullLogger<RefusalCounters>.Instance);
        var guard = new SipRequestGuard(new SourceRateLimiter(_clock, wrapped), new OverloadGate(wrapped),
            new InviteAdmission(trunks, new RegistrarFixture().Store), trunks, wrapped, bans, refusals);
        var options = new SipStackOptions { Transport = new SipTransportOptions { Address = "127.0.0.1", UdpPort = 0, TcpPort = 0 } };
        _stack = new SipStack(options, new AccessNumberHandler(), TimeProvider.System, NullLoggerFactory.Instance, guard);
        await _stack.StartAsync(CancellationToken.None);
        return (_stack, bans, refusals);
    }

    private async Task<string> SendAndReceiveAsync(SipStack stack, int index)
    {
        await _sender.SendAsync(Malformed(index), stack.UdpEndPoint);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var answer = await _sender.ReceiveAsync(timeout.Token);
        return Encoding.ASCII.GetString(answer.Buffer);
    }

    /// <summary>An OPTIONS whose CSeq names another method: parsed far enough to answer, and answered 400.</summary>
    private static byte[] Malformed(int index) => Encoding.ASCII.GetBytes(
        "OPTIONS sip:10000@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:9;branch=z9hG4bKbad" + index + ";rport\r\n" +
        "From: <sip:bad@example.com>;tag=f\r\nTo: <sip:10000@example.com>\r\nCall-ID: bad" + index + "\r\n" +
        "CSeq: 1 INVITE\r\nMax-Forwards: 70\r\nContent-Length: 0\r\n\r\n");

    private static async Task UntilAsync(Func<bool> condition)
    {
        using var giveUp = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (!condition())
        {
            await Task.Delay(20, giveUp.Token);
        }
    }
}
