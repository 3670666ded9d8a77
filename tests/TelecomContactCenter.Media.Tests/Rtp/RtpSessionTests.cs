using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Time.Testing;
using TelecomContactCenter.Media.Rtp;

namespace TelecomContactCenter.Media.Tests.Rtp;

public sealed class RtpSessionTests
{
    private static readonly TimeSpan IoTimeout = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task SendAudio_AfterPeerPacketArrives_LatchesToThePeersRealSource()
    {
        var time = new FakeTimeProvider();
        await using var session = RtpSessionFactory.OpenEphemeral(IPAddress.Loopback, new RtpSessionOptions { Cname = "t", Ssrc = 7 }, time);
        using var peer = Bound();
        using var decoy = Bound();
        session.SetRemote((IPEndPoint)decoy.LocalEndPoint!);
        var received = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        session.PacketReceived += (_, _) => received.TrySetResult();
        session.Start();

        await SendRtpAsync(peer, session.LocalRtpEndPoint, seq: 1);
        await received.Task.WaitAsync(IoTimeout);
        session.SendAudio(0, new byte[160], 160, marker: true);
        var datagram = await ReceiveAsync(peer);

        Assert.True(session.IsLatched);
        Assert.Equal(peer.LocalEndPoint, session.RemoteRtpEndPoint);
        Assert.True(RtpPacket.TryParse(datagram, out var packet));
        Assert.Equal((0, 7u, true, 160), (packet.PayloadType, packet.Ssrc, packet.Marker, packet.Payload.Length));
        Assert.Equal(0, decoy.Available);
    }

    [Fact]
    public async Task PacketReceived_AfterLatching_IgnoresPacketsFromAnyOtherAddress()
    {
        var time = new FakeTimeProvider();
        await using var session = RtpSessionFactory.OpenEphemeral(IPAddress.Loopback, new RtpSessionOptions { Cname = "t" }, time);
        using var caller = Bound();
        using var intruder = Bound();
        var sequences = new List<ushort>();
        var third = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        session.PacketReceived += (_, packet) =>
        {
            sequences.Add(packet.SequenceNumber);
            if (packet.SequenceNumber == 3)
            {
                third.TrySetResult();
            }
        };
        session.Start();

        await SendRtpAsync(caller, session.LocalRtpEndPoint, seq: 1);
        await WaitForSequenceAsync(session, 1);
        await SendRtpAsync(intruder, session.LocalRtpEndPoint, seq: 2);
        await SendRtpAsync(caller, session.LocalRtpEndPoint, seq: 3);
        await third.Task.WaitAsync(IoTimeout);

        Assert.Equal([(ushort)1, (ushort)3], sequences);
        Assert.Equal(caller.LocalEndPoint, session.RemoteRtpEndPoint);
    }

    [Fact]
    public async Task SendAudio_ConsecutiveFrames_AdvanceSequenceByOneAndTimestampBy160()
    {
        var time = new FakeTimeProvider();
        await using var session = RtpSessionFactory.OpenEphemeral(IPAddress.Loopback, new RtpSessionOptions { Cname = "t" }, time);
        using var peer = Bound();
        session.SetRemote((IPEndPoint)peer.LocalEndPoint!);

        session.SendAudio(8, new byte[160], 160, marker: true);
        session.SendAudio(8, new byte[160], 160, marker: false);
        var first = await ReceiveAsync(peer);
        var second = await ReceiveAsync(peer);

        Assert.True(RtpPacket.TryParse(first, out var a));
        Assert.True(RtpPacket.TryParse(second, out var b));
        Assert.Equal((ushort)(a.SequenceNumber + 1), b.SequenceNumber);
        Assert.Equal(a.Timestamp + 160, b.Timestamp);
        Assert.Equal((true, false), (a.Marker, b.Marker));
    }

    [Fact]
    public async Task RtcpTimer_FiveSecondsAfterSending_SendsSenderReportWithCnameAndReceptionBlock()
    {
        var time = new FakeTimeProvider();
        await using var session = RtpSessionFactory.OpenEphemeral(IPAddress.Loopback, new RtpSessionOptions { Cname = "tcc@test", Ssrc = 9 }, time);
        using var peer = Bound();
        using var peerRtcp = Bound();
        var received = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var rtcpReceived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        session.PacketReceived += (_, _) => received.TrySetResult();
        session.RtcpReceived += _ => rtcpReceived.TrySetResult();
        session.Start();
        await SendRtpAsync(peer, session.LocalRtpEndPoint, seq: 500);
        await received.Task.WaitAsync(IoTimeout);
        session.SendAudio(0, new byte[160], 160, marker: true);
        await ReceiveAsync(peer);
        await peerRtcp.SendToAsync(new byte[] { 0x80, 201, 0, 1, 0, 0, 0, 1 }, session.LocalRtcpEndPoint);
        await rtcpReceived.Task.WaitAsync(IoTimeout);

        time.Advance(TimeSpan.FromSeconds(5));
        var datagram = await ReceiveAsync(peerRtcp);

        Assert.True(RtcpCodec.TryParse(datagram, out var compound));
        var report = Assert.Single(compound!.Reports);
        Assert.Equal(9u, report.Ssrc);
        Assert.Equal((1u, 160u), (report.SenderInfo!.PacketCount, report.SenderInfo.OctetCount));
        Assert.Equal(500u, Assert.Single(report.Blocks).ExtendedHighestSequence);
        Assert.Equal("tcc@test", compound.CanonicalNames[9]);
    }

    [Fact]
    public async Task RtcpTimer_SdpNamedAnRtcpAddress_SendsTheReportThere()
    {
        var time = new FakeTimeProvider();
        await using var session = RtpSessionFactory.OpenEphemeral(IPAddress.Loopback, new RtpSessionOptions { Cname = "c", Ssrc = 5 }, time);
        using var peer = Bound();
        using var peerRtcp = Bound();
        session.SetRemote((IPEndPoint)peer.LocalEndPoint!, (IPEndPoint)peerRtcp.LocalEndPoint!);
        session.Start();
        session.SendAudio(0, new byte[160], 160, marker: true);

        time.Advance(TimeSpan.FromSeconds(5));
        var datagram = await ReceiveAsync(peerRtcp);

        Assert.True(RtcpCodec.TryParse(datagram, out var compound));
        Assert.True(Assert.Single(compound!.Reports).IsSenderReport);
        Assert.Empty(compound.Reports[0].Blocks);
    }

    [Fact]
    public async Task SendAudio_NoRemoteYet_SendsNothingButKeepsTime()
    {
        var time = new FakeTimeProvider();
        await using var session = RtpSessionFactory.OpenEphemeral(IPAddress.Loopback, new RtpSessionOptions { Cname = "t" }, time);
        var before = session.NextTimestamp;

        var sent = session.SendAudio(0, new byte[160], 160, marker: false);

        Assert.False(sent);
        Assert.Equal(before + 160, session.NextTimestamp);
    }

    [Fact]
    public async Task CatchUpTimestamp_AfterTwoSecondsOfSilence_MovesOnByTheSilenceOnly()
    {
        var time = new FakeTimeProvider();
        await using var session = RtpSessionFactory.OpenEphemeral(IPAddress.Loopback, new RtpSessionOptions { Cname = "t" }, time);
        session.SendAudio(0, new byte[160], 160, marker: true);
        var next = session.NextTimestamp;

        Assert.Equal(next, session.CatchUpTimestamp());
        time.Advance(TimeSpan.FromMilliseconds(20));
        Assert.Equal(next, session.CatchUpTimestamp());
        time.Advance(TimeSpan.FromSeconds(2) - TimeSpan.FromMilliseconds(20));

        // The frame after the last one was due 20 ms after it; the rest of the 2 s (99 frames) was silence.
        Assert.Equal(next + (99 * 160), session.CatchUpTimestamp());
        Assert.Equal(next + (99 * 160), session.CatchUpTimestamp());
    }

    internal static Socket Bound()
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return socket;
    }

    internal static async Task<byte[]> ReceiveAsync(Socket socket)
    {
        using var timeout = new CancellationTokenSource(IoTimeout);
        var buffer = new byte[1500];
        var length = await socket.ReceiveAsync(buffer, SocketFlags.None, timeout.Token);
        return buffer[..length];
    }

    private static async Task WaitForSequenceAsync(RtpSession session, long received)
    {
        var arrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnPacket(RtpSession s, RtpPacket p) => arrived.TrySetResult();
        session.PacketReceived += OnPacket;
        if (session.ReceiveStatistics.Received >= received)
        {
            arrived.TrySetResult();
        }

        await arrived.Task.WaitAsync(IoTimeout);
        session.PacketReceived -= OnPacket;
    }

    private static async Task SendRtpAsync(Socket from, IPEndPoint to, ushort seq)
    {
        var buffer = new byte[172];
        var length = new RtpHeader(0, seq, 1000, 0xABCD).Write(buffer, new byte[160]);
        await from.SendToAsync(buffer.AsMemory(0, length), to);
    }
}
