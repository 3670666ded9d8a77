using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Time.Testing;
using TelecomContactCenter.Media.Codecs;
using TelecomContactCenter.Media.Relay;
using TelecomContactCenter.Media.Rtp;
using TelecomContactCenter.Media.Tests.Rtp;

namespace TelecomContactCenter.Media.Tests.Relay;

/// <summary>The relay with its legs receiving on the runtime's asynchronous sockets.</summary>
public class RtpRelayTests : IAsyncDisposable
{
    private readonly FakeTimeProvider _time = new();
    private readonly RtpReceiveLoops? _loops;
    private readonly RtpSession _callerLeg;
    private readonly RtpSession _agentLeg;
    private readonly Socket _callerPhone = RtpSessionTests.Bound();
    private readonly Socket _agentPhone = RtpSessionTests.Bound();
    private readonly RtpRelay _relay;

    public RtpRelayTests()
        : this(null)
    {
    }

    /// <summary>The legs receive on <paramref name="loops"/> (disposed with the test) when given.</summary>
    protected RtpRelayTests(RtpReceiveLoops? loops)
    {
        _loops = loops;
        _callerLeg = RtpSessionFactory.OpenEphemeral(IPAddress.Loopback, new RtpSessionOptions { Cname = "c", Ssrc = 1111 }, _time, loops);
        _agentLeg = RtpSessionFactory.OpenEphemeral(IPAddress.Loopback, new RtpSessionOptions { Cname = "a", Ssrc = 2222 }, _time, loops);
        _relay = new RtpRelay(
            _callerLeg, new AudioFormat(G711Law.MuLaw, 0, 101),
            _agentLeg, new AudioFormat(G711Law.ALaw, 8, 96));
        _callerLeg.Start();
        _agentLeg.Start();
    }

    [Fact]
    public async Task Forward_CallerAudio_ReachesAgentAsALawUnderTheAgentLegsSsrc()
    {
        AnswerAgentLeg();
        short[] speech = [1000, -1000, 8000, -8000];
        var mu = speech.Select(G711.EncodeMuLaw).ToArray();

        await SendAsync(_callerPhone, _callerLeg, 0, seq: 10, timestamp: 5000, mu, ssrc: 42);
        var received = await RtpSessionTests.ReceiveAsync(_agentPhone);

        Assert.True(RtpPacket.TryParse(received, out var packet));
        Assert.Equal((8, 2222u, true), (packet.PayloadType, packet.Ssrc, packet.Marker));
        var decoded = packet.Payload.ToArray().Select(G711.DecodeALaw).ToArray();
        for (var i = 0; i < speech.Length; i++)
        {
            Assert.InRange(decoded[i], speech[i] - 300, speech[i] + 300);
        }
    }

    [Fact]
    public async Task Forward_CallerStreamRestartsWithNewSsrc_AgentSeesOneContinuousStream()
    {
        AnswerAgentLeg();
        var frame = new byte[160];

        await SendAsync(_callerPhone, _callerLeg, 0, seq: 100, timestamp: 1000, frame, ssrc: 42);
        await SendAsync(_callerPhone, _callerLeg, 0, seq: 101, timestamp: 1160, frame, ssrc: 42);
        await SendAsync(_callerPhone, _callerLeg, 0, seq: 7, timestamp: 900_000, frame, ssrc: 43);
        var packets = new List<(ushort Seq, uint Ts, bool Marker)>();
        for (var i = 0; i < 3; i++)
        {
            Assert.True(RtpPacket.TryParse(await RtpSessionTests.ReceiveAsync(_agentPhone), out var p));
            packets.Add((p.SequenceNumber, p.Timestamp, p.Marker));
        }

        Assert.Equal([1, 2], packets.Skip(1).Select(p => (int)(ushort)(p.Seq - packets[0].Seq)));
        Assert.Equal(packets[0].Ts + 160, packets[1].Ts);
        Assert.Equal(packets[1].Ts + 160, packets[2].Ts);
        Assert.Equal([true, false, true], packets.Select(p => p.Marker));
    }

    [Fact]
    public async Task Forward_CallerStreamRestartsAfterTwoSecondsOfSilence_AgentsTimestampsFollowTheClock()
    {
        AnswerAgentLeg();
        var frame = new byte[160];

        await SendAsync(_callerPhone, _callerLeg, 0, seq: 100, timestamp: 1000, frame, ssrc: 42);
        Assert.True(RtpPacket.TryParse(await RtpSessionTests.ReceiveAsync(_agentPhone), out var before));
        var first = before.Timestamp;
        _time.Advance(TimeSpan.FromSeconds(2));
        await SendAsync(_callerPhone, _callerLeg, 0, seq: 7, timestamp: 900_000, frame, ssrc: 43);
        Assert.True(RtpPacket.TryParse(await RtpSessionTests.ReceiveAsync(_agentPhone), out var after));

        // The next frame was due 20 ms after the first; the other 99 frames of the 2 s were silence.
        Assert.Equal(first + 160 + (99 * 160), after.Timestamp);
        Assert.True(after.Marker);
    }

    [Fact]
    public async Task Forward_AgentKeyPress_ReachesCallerWithTheCallersEventPayloadType()
    {
        AnswerCallerLeg();
        byte[] eventPayload = [5, 0x8A, 0x03, 0x20];

        await SendAsync(_agentPhone, _agentLeg, 96, seq: 1, timestamp: 3000, eventPayload, ssrc: 77);
        var received = await RtpSessionTests.ReceiveAsync(_callerPhone);

        Assert.True(RtpPacket.TryParse(received, out var packet));
        Assert.Equal((101, 1111u), (packet.PayloadType, packet.Ssrc));
        Assert.Equal(eventPayload, packet.Payload.ToArray());
    }

    [Fact]
    public async Task Forward_ComfortNoise_IsNotRelayed()
    {
        AnswerAgentLeg();
        var audioArrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var seen = 0;
        _callerLeg.PacketReceived += (_, _) =>
        {
            if (++seen == 2)
            {
                audioArrived.TrySetResult();
            }
        };

        await SendAsync(_callerPhone, _callerLeg, 13, seq: 1, timestamp: 0, [40], ssrc: 42);
        await SendAsync(_callerPhone, _callerLeg, 0, seq: 2, timestamp: 160, new byte[160], ssrc: 42);
        await audioArrived.Task.WaitAsync(TimeSpan.FromSeconds(10));
        var received = await RtpSessionTests.ReceiveAsync(_agentPhone);

        Assert.True(RtpPacket.TryParse(received, out var packet));
        Assert.Equal(8, packet.PayloadType);
        Assert.Equal(0, _agentPhone.Available);
        Assert.Equal(1, _relay.ForwardedToAgent);
    }

    public async ValueTask DisposeAsync()
    {
        _relay.Dispose();
        await _callerLeg.DisposeAsync();
        await _agentLeg.DisposeAsync();
        _callerPhone.Dispose();
        _agentPhone.Dispose();
        _loops?.Dispose();
        GC.SuppressFinalize(this);
    }

    // A leg learns its phone's address from the SDP answer; the relay then has somewhere to send.
    private void AnswerAgentLeg() => _agentLeg.SetRemote((IPEndPoint)_agentPhone.LocalEndPoint!);

    private void AnswerCallerLeg() => _callerLeg.SetRemote((IPEndPoint)_callerPhone.LocalEndPoint!);

    private static async Task SendAsync(Socket phone, RtpSession leg, int payloadType, ushort seq, uint timestamp, byte[] payload, uint ssrc)
    {
        var buffer = new byte[1500];
        var length = new RtpHeader(payloadType, seq, timestamp, ssrc).Write(buffer, payload);
        await phone.SendToAsync(buffer.AsMemory(0, length), leg.LocalRtpEndPoint);
    }
}

/// <summary>The same relay with both legs receiving on one shared epoll loop, as the server runs them on Linux.</summary>
public sealed class RtpRelayOnReceiveLoopTests : RtpRelayTests
{
    public RtpRelayOnReceiveLoopTests()
        : base(RtpReceiveLoops.Start(1))
    {
    }
}
