using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Time.Testing;
using TelecomContactCenter.Media.Calls;
using TelecomContactCenter.Media.Codecs;
using TelecomContactCenter.Media.Playback;
using TelecomContactCenter.Media.Prompts;
using TelecomContactCenter.Media.Rtp;
using TelecomContactCenter.Media.Tests.Dtmf;
using TelecomContactCenter.Media.Tests.Rtp;

namespace TelecomContactCenter.Media.Tests.Calls;

public sealed class CallMediaTests : IAsyncDisposable
{
    private readonly FakeTimeProvider _time = new();
    private readonly PacingScheduler _scheduler;
    private readonly CallMedia _media;
    private readonly Socket _phone = RtpSessionTests.Bound();
    private readonly Prompt _menu = new("main-menu", new short[8000]);

    public CallMediaTests()
    {
        _scheduler = new PacingScheduler(_time);
        _scheduler.Start();
        _media = new CallMedia(
            RtpSessionFactory.OpenEphemeral(IPAddress.Loopback, new RtpSessionOptions { Cname = "t" }, _time), _scheduler);
    }

    [Fact]
    public async Task DigitReceived_CallerPressesPoundDuringMenu_RaisesOnceAndStopsThePrompt()
    {
        _media.Connect((IPEndPoint)_phone.LocalEndPoint!, new AudioFormat(G711Law.MuLaw, 0, 101));
        var digits = new List<char>();
        var pressed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _media.DigitReceived += d =>
        {
            digits.Add(d);
            pressed.TrySetResult();
        };
        var capture = DtmfDetectorTests.ReadCapture("pound");
        var allArrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var arrived = 0;
        _media.Session.PacketReceived += (_, _) =>
        {
            if (Interlocked.Increment(ref arrived) == capture.Count)
            {
                allArrived.TrySetResult();
            }
        };
        var playing = _media.PlayAsync(_menu, CancellationToken.None);

        foreach (var packet in capture)
        {
            await _phone.SendToAsync(packet.Datagram, _media.Session.LocalRtpEndPoint);
        }

        await pressed.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(PlaybackOutcome.Stopped, await playing);
        await allArrived.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(['#'], digits);
    }

    [Fact]
    public async Task DigitReceived_CallerPressesBeforeTheFlowListens_KeyIsRaisedWhenItSubscribes()
    {
        _media.Connect((IPEndPoint)_phone.LocalEndPoint!, new AudioFormat(G711Law.MuLaw, 0, 101));
        var capture = DtmfDetectorTests.ReadCapture("pound");
        var allArrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var arrived = 0;
        _media.Session.PacketReceived += (_, _) =>
        {
            if (Interlocked.Increment(ref arrived) == capture.Count)
            {
                allArrived.TrySetResult();
            }
        };

        foreach (var packet in capture)
        {
            await _phone.SendToAsync(packet.Datagram, _media.Session.LocalRtpEndPoint);
        }

        await allArrived.Task.WaitAsync(TimeSpan.FromSeconds(10));
        var digits = new List<char>();
        _media.DigitReceived += digits.Add;
        Assert.Equal(['#'], digits);

        var later = new List<char>();
        _media.DigitReceived += later.Add;
        Assert.Empty(later);
    }

    [Fact]
    public async Task PlayAsync_AfterConnectWithPcma_SendsPayloadType8()
    {
        _media.Connect((IPEndPoint)_phone.LocalEndPoint!, new AudioFormat(G711Law.ALaw, 8, null));

        var playing = _media.PlayAsync(new Prompt("short", new short[160]), CancellationToken.None);
        _time.Advance(PacingScheduler.TickInterval);

        Assert.Equal(PlaybackOutcome.Completed, await playing);
        Assert.True(RtpPacket.TryParse(await RtpSessionTests.ReceiveAsync(_phone), out var packet));
        Assert.Equal(8, packet.PayloadType);
        Assert.All(packet.Payload.ToArray(), b => Assert.Equal(G711.EncodeALaw(0), b));
    }

    [Fact]
    public async Task PlayAsync_CallerHoldsTheCall_SendsNothingButFinishesOnTime()
    {
        _media.Connect((IPEndPoint)_phone.LocalEndPoint!, new AudioFormat(G711Law.MuLaw, 0, 101), sendMedia: false);
        var before = _media.Session.NextTimestamp;

        var playing = _media.PlayAsync(new Prompt("held", new short[320]), CancellationToken.None);
        _time.Advance(PacingScheduler.TickInterval * 2);

        Assert.Equal(PlaybackOutcome.Completed, await playing);
        Assert.Equal(0, _phone.Available);
        Assert.Equal(before + 320, _media.Session.NextTimestamp);
    }

    [Fact]
    public void PlayAsync_BeforeConnect_Throws()
    {
        var error = Assert.Throws<InvalidOperationException>(() => { _ = _media.PlayAsync(_menu, CancellationToken.None); });

        Assert.Contains("Connect", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DisposeAsync_CallEnds_LeavesTheSharedClock()
    {
        _media.Connect((IPEndPoint)_phone.LocalEndPoint!, new AudioFormat(G711Law.MuLaw, 0, 101));
        var playing = _media.PlayAsync(_menu, CancellationToken.None);
        Assert.Equal(1, _scheduler.SenderCount);

        await _media.DisposeAsync();
        Assert.Equal(PlaybackOutcome.Stopped, await playing);
        await _media.DisposeAsync();

        Assert.Equal(0, _scheduler.SenderCount);
    }

    public async ValueTask DisposeAsync()
    {
        await _media.DisposeAsync();
        _scheduler.Dispose();
        _phone.Dispose();
    }
}
