using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Time.Testing;
using TelecomContactCenter.Media.Codecs;
using TelecomContactCenter.Media.Playback;
using TelecomContactCenter.Media.Prompts;
using TelecomContactCenter.Media.Rtp;
using TelecomContactCenter.Media.Tests.Rtp;

namespace TelecomContactCenter.Media.Tests.Playback;

public sealed class PromptPlayerTests : IAsyncDisposable
{
    private static readonly TimeSpan Frame = TimeSpan.FromMilliseconds(20);
    private readonly FakeTimeProvider _time = new();
    private readonly PacingScheduler _scheduler;
    private readonly RtpSession _session;
    private readonly Socket _caller = RtpSessionTests.Bound();

    public PromptPlayerTests()
    {
        _scheduler = new PacingScheduler(_time);
        _session = RtpSessionFactory.OpenEphemeral(IPAddress.Loopback, new RtpSessionOptions { Cname = "t", Ssrc = 77 }, _time);
        _session.SetRemote((IPEndPoint)_caller.LocalEndPoint!);
        _scheduler.Start();
    }

    [Fact]
    public async Task PlayAsync_TwoAndAHalfFramePrompt_SendsThreePacedFramesThenCompletes()
    {
        using var player = new PromptPlayer(_scheduler, _session, G711Law.MuLaw, 0);
        var prompt = Ramp("ramp", 400);

        var playing = player.PlayAsync(prompt, CancellationToken.None);
        var frames = new List<byte[]>();
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(0, _caller.Available);
            _time.Advance(Frame);
            frames.Add(await RtpSessionTests.ReceiveAsync(_caller));
        }

        Assert.Equal(PlaybackOutcome.Completed, await playing);
        var packets = frames.Select(Header).ToList();
        Assert.All(packets, p => Assert.Equal((0, 77u, 160), (p.PayloadType, p.Ssrc, p.PayloadLength)));
        Assert.Equal([true, false, false], packets.Select(p => p.Marker));
        Assert.Equal([1, 2], packets.Skip(1).Select(p => (ushort)(p.Sequence - packets[0].Sequence)).Select(d => (int)d));
        Assert.Equal([160u, 320u], packets.Skip(1).Select(p => p.Timestamp - packets[0].Timestamp));
        var audio = frames.SelectMany(f => f[12..]).ToArray();
        Assert.Equal(prompt.Encoded(G711Law.MuLaw).ToArray(), audio[..400]);
        Assert.All(audio[400..], b => Assert.Equal(0xFF, b));
    }

    [Fact]
    public async Task PlayAsync_ClockStallsThreeFrames_CatchUpFramesKeepTheirOwnTimestamps()
    {
        using var stall = _scheduler.Register(new StallingSender(_time, TimeSpan.FromMilliseconds(60)));
        using var player = new PromptPlayer(_scheduler, _session, G711Law.MuLaw, 0);
        var playing = player.PlayAsync(Ramp("long", 160 * 10), CancellationToken.None);

        _time.AdvanceBySlots((Frame * 4) + PacingScheduler.PhaseSlotInterval);
        var packets = new List<(int PayloadType, uint Ssrc, int PayloadLength, bool Marker, ushort Sequence, uint Timestamp)>();
        for (var i = 0; i < 4; i++)
        {
            packets.Add(Header(await RtpSessionTests.ReceiveAsync(_caller)));
        }

        Assert.Equal([0u, 160u, 320u, 480u], packets.Select(p => p.Timestamp - packets[0].Timestamp));
        Assert.Equal([0, 1, 2, 3], packets.Select(p => (int)(ushort)(p.Sequence - packets[0].Sequence)));
        Assert.Equal([true, false, false, false], packets.Select(p => p.Marker));
        Assert.Equal(0, _caller.Available);
        player.Stop();
        Assert.Equal(PlaybackOutcome.Stopped, await playing);
    }

    [Fact]
    public async Task PlayAsync_AfterSilence_MarksTheNewTalkspurtAndKeepsTimestampsOnTheClock()
    {
        using var player = new PromptPlayer(_scheduler, _session, G711Law.ALaw, 8);
        await PlayToEndAsync(player, Ramp("a", 160));
        var first = Header(await RtpSessionTests.ReceiveAsync(_caller));

        _time.Advance(Frame * 3);
        await PlayToEndAsync(player, Ramp("b", 160));
        var second = Header(await RtpSessionTests.ReceiveAsync(_caller));

        Assert.Equal((8, true), (second.PayloadType, second.Marker));
        Assert.Equal(160u * 4, second.Timestamp - first.Timestamp);
        Assert.Equal(1, (ushort)(second.Sequence - first.Sequence));
    }

    [Fact]
    public async Task Idle_ASecondAfterItsLastFrame_LeavesTheClock_AndItsNextPromptKeepsTimestampsOnTheClock()
    {
        using var player = new PromptPlayer(_scheduler, _session, G711Law.MuLaw, 0);
        Assert.Equal(0, _scheduler.SenderCount);
        await PlayToEndAsync(player, Ramp("a", 160));
        var first = Header(await RtpSessionTests.ReceiveAsync(_caller));

        _time.AdvanceBySlots(Frame * (PromptPlayer.IdleTicksOnTheClock - 1));
        Assert.Equal(1, _scheduler.SenderCount);
        _time.AdvanceBySlots(Frame);
        Assert.Equal(0, _scheduler.SenderCount);

        _time.AdvanceBySlots(Frame * 150);
        var playing = player.PlayAsync(Ramp("b", 160), CancellationToken.None);
        _time.AdvanceBySlots(Frame);
        Assert.Equal(PlaybackOutcome.Completed, await playing);
        var second = Header(await RtpSessionTests.ReceiveAsync(_caller));

        // 200 frames of silence after the first frame: the second carries the instant it was sent at.
        Assert.Equal((0, true), (second.PayloadType, second.Marker));
        Assert.Equal(160u * (PromptPlayer.IdleTicksOnTheClock + 151), second.Timestamp - first.Timestamp);
        Assert.Equal(1, (ushort)(second.Sequence - first.Sequence));
    }

    [Fact]
    public async Task PlayAsync_TwoQueuedPrompts_PlayBackToBackAsOneTalkspurt()
    {
        using var player = new PromptPlayer(_scheduler, _session, G711Law.MuLaw, 0);

        var one = player.PlayAsync(Ramp("one", 160), CancellationToken.None);
        var two = player.PlayAsync(Ramp("two", 160), CancellationToken.None);
        _time.Advance(Frame * 2);

        Assert.Equal((PlaybackOutcome.Completed, PlaybackOutcome.Completed), (await one, await two));
        var markers = new[] { Header(await RtpSessionTests.ReceiveAsync(_caller)), Header(await RtpSessionTests.ReceiveAsync(_caller)) };
        Assert.Equal([true, false], markers.Select(m => m.Marker));
    }

    [Fact]
    public async Task Stop_WhilePlaying_CompletesAsStoppedAndSendsNoMoreFrames()
    {
        using var player = new PromptPlayer(_scheduler, _session, G711Law.MuLaw, 0);
        var playing = player.PlayAsync(Ramp("long", 8000), CancellationToken.None);
        _time.Advance(Frame);
        await RtpSessionTests.ReceiveAsync(_caller);

        player.Stop();
        _time.Advance(Frame * 5);

        Assert.Equal(PlaybackOutcome.Stopped, await playing);
        Assert.Equal(0, _caller.Available);
        Assert.False(player.IsPlaying);
    }

    [Fact]
    public async Task PlayAsync_TokenCancelled_StopsThatPrompt()
    {
        using var player = new PromptPlayer(_scheduler, _session, G711Law.MuLaw, 0);
        using var cancel = new CancellationTokenSource();

        var playing = player.PlayAsync(Ramp("long", 8000), cancel.Token);
        await cancel.CancelAsync();
        _time.Advance(Frame);

        Assert.Equal(PlaybackOutcome.Stopped, await playing);
        Assert.Equal(0, _caller.Available);
    }

    [Fact]
    public async Task PlayAsync_CurrentPromptCancelledWithAnotherQueued_MarksTheNextPrompt()
    {
        using var player = new PromptPlayer(_scheduler, _session, G711Law.MuLaw, 0);
        using var cancel = new CancellationTokenSource();
        var first = player.PlayAsync(Ramp("first", 800), cancel.Token);
        var second = player.PlayAsync(Ramp("second", 160), CancellationToken.None);
        _time.Advance(Frame);
        var start = Header(await RtpSessionTests.ReceiveAsync(_caller));

        await cancel.CancelAsync();
        _time.Advance(Frame);

        Assert.Equal((PlaybackOutcome.Stopped, PlaybackOutcome.Completed), (await first, await second));
        var next = Header(await RtpSessionTests.ReceiveAsync(_caller));
        Assert.Equal((true, true), (start.Marker, next.Marker));
    }

    [Fact]
    public async Task PlayAsync_AfterTheCallEnded_CompletesAsStoppedAtOnce()
    {
        var player = new PromptPlayer(_scheduler, _session, G711Law.MuLaw, 0);
        player.Dispose();

        var outcome = await player.PlayAsync(Ramp("late", 160), CancellationToken.None);

        Assert.Equal(PlaybackOutcome.Stopped, outcome);
        Assert.Equal(0, _scheduler.SenderCount);
    }

    public async ValueTask DisposeAsync()
    {
        _scheduler.Dispose();
        await _session.DisposeAsync();
        _caller.Dispose();
    }

    private async Task PlayToEndAsync(PromptPlayer player, Prompt prompt)
    {
        var playing = player.PlayAsync(prompt, CancellationToken.None);
        _time.Advance(Frame * ((prompt.SampleCount + 159) / 160));
        Assert.Equal(PlaybackOutcome.Completed, await playing);
    }

    private static Prompt Ramp(string name, int samples) =>
        new(name, Enumerable.Range(0, samples).Select(i => (short)((i * 97) - 20000)).ToArray());

    private static (int PayloadType, uint Ssrc, int PayloadLength, bool Marker, ushort Sequence, uint Timestamp) Header(byte[] datagram)
    {
        Assert.True(RtpPacket.TryParse(datagram, out var p));
        return (p.PayloadType, p.Ssrc, p.Payload.Length, p.Marker, p.SequenceNumber, p.Timestamp);
    }

    // Registered first, so it holds phase slot 0 and runs just before the player's slot 1: its first tick
    // holds the clock up as a descheduled pacer thread would.
    private sealed class StallingSender(FakeTimeProvider time, TimeSpan stall) : IPacedSender
    {
        public void OnTick(long tick)
        {
            if (tick == 0)
            {
                time.Advance(stall);
            }
        }
    }
}
