using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Time.Testing;
using TelecomContactCenter.Media.Codecs;
using TelecomContactCenter.Media.Relay;
using TelecomContactCenter.Media.Rtp;

namespace TelecomContactCenter.Media.Tests.Rtp;

public sealed class RtpReceiveLoopsTests : IDisposable
{
    private static readonly AudioFormat Pcmu = new(G711Law.MuLaw, 0, 101);
    private readonly FakeTimeProvider _time = new();
    private readonly RtpReceiveLoops _loops = RtpReceiveLoops.Start(1);

    [Fact]
    public void Start_OnLinux_RunsTheLoopsAskedFor_AndNoneForZero()
    {
        Assert.True(RtpReceiveLoops.IsSupported, "the product runs on Linux x86-64/arm64, where the loops must work");
        Assert.Equal(1, _loops.Count);
        Assert.Equal(0, RtpReceiveLoops.Start(0).Count);
    }

    [Fact]
    public async Task ManyCallsOnOneLoop_EachAgentHearsItsOwnCallersPacketsInOrder()
    {
        const int Calls = 16;
        const int Packets = 25;
        var calls = new List<(RtpSession Caller, RtpSession Agent, RtpRelay Relay, Socket CallerPhone, Socket AgentPhone)>();
        try
        {
            for (var i = 0; i < Calls; i++)
            {
                var caller = Open(1000u + (uint)i);
                var agent = Open(2000u + (uint)i);
                var agentPhone = RtpSessionTests.Bound();
                agent.SetRemote((IPEndPoint)agentPhone.LocalEndPoint!);
                var relay = new RtpRelay(caller, Pcmu, agent, Pcmu);
                caller.Start();
                agent.Start();
                calls.Add((caller, agent, relay, RtpSessionTests.Bound(), agentPhone));
            }

            // Every caller sends its packets interleaved with the others', each frame marked with its call.
            for (var seq = 0; seq < Packets; seq++)
            {
                for (var i = 0; i < Calls; i++)
                {
                    await SendAsync(calls[i].CallerPhone, calls[i].Caller, (ushort)seq, (byte)i);
                }
            }

            for (var i = 0; i < Calls; i++)
            {
                var heard = new List<ushort>();
                for (var n = 0; n < Packets; n++)
                {
                    Assert.True(RtpPacket.TryParse(await RtpSessionTests.ReceiveAsync(calls[i].AgentPhone), out var packet));
                    Assert.Equal((byte)i, packet.Payload[0]);
                    heard.Add(packet.SequenceNumber);
                }

                Assert.Equal(Enumerable.Range(1, Packets - 1), heard.Skip(1).Select(s => (int)(ushort)(s - heard[0])));
            }
        }
        finally
        {
            foreach (var call in calls)
            {
                call.Relay.Dispose();
                await call.Caller.DisposeAsync();
                await call.Agent.DisposeAsync();
                call.CallerPhone.Dispose();
                call.AgentPhone.Dispose();
            }
        }
    }

    [Fact]
    public async Task SessionClosedWhileItsPhoneStillSends_TheLoopServesTheOthers_AndANewSessionOnlyItsOwnPackets()
    {
        using var phone = RtpSessionTests.Bound();
        await using var other = Open(2);
        var otherHeard = Counter(other);
        other.Start();

        var closed = Open(1);
        var closedHeard = Counter(closed);
        closed.Start();
        var closedPort = closed.LocalRtpEndPoint;
        await SendAsync(phone, closed, 1, 1);
        await closedHeard.WaitForAsync(1);
        await closed.DisposeAsync();

        // The closed session's descriptor is free for the next socket; its phone keeps sending to the old port.
        await using var reopened = Open(3);
        var reopenedHeard = Counter(reopened);
        reopened.Start();
        var portFreed = !reopened.LocalRtpEndPoint.Equals(closedPort); // the OS may hand the same port straight back
        for (ushort seq = 2; seq < 6; seq++)
        {
            if (portFreed)
            {
                await phone.SendToAsync(RtpFrame(seq, 9), closedPort);
            }

            await SendAsync(phone, reopened, seq, 3);
            await SendAsync(phone, other, seq, 2);
        }

        await reopenedHeard.WaitForAsync(4);
        await otherHeard.WaitForAsync(4);
        Assert.Equal(1, closedHeard.Count);
        Assert.Equal([3], reopenedHeard.Marks);
    }

    public void Dispose() => _loops.Dispose();

    private RtpSession Open(uint ssrc) =>
        RtpSessionFactory.OpenEphemeral(IPAddress.Loopback, new RtpSessionOptions { Cname = "t", Ssrc = ssrc }, _time, _loops);

    private static PacketCounter Counter(RtpSession session)
    {
        var counter = new PacketCounter();
        session.PacketReceived += (_, packet) => counter.Add(packet.Payload[0]);
        return counter;
    }

    private static byte[] RtpFrame(ushort seq, byte mark)
    {
        var payload = new byte[160];
        payload[0] = mark;
        var buffer = new byte[1500];
        var length = new RtpHeader(0, seq, seq * 160u, 42).Write(buffer, payload);
        return buffer[..length];
    }

    private static async Task SendAsync(Socket phone, RtpSession leg, ushort seq, byte mark) =>
        await phone.SendToAsync(RtpFrame(seq, mark), leg.LocalRtpEndPoint);

    /// <summary>Counts a session's packets as its receive loop delivers them, and which call marks it saw.</summary>
    private sealed class PacketCounter
    {
        private readonly Lock _gate = new();
        private readonly HashSet<byte> _marks = [];
        private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _count;

        public int Count => Volatile.Read(ref _count);

        public IReadOnlyList<byte> Marks
        {
            get
            {
                lock (_gate)
                {
                    return [.. _marks];
                }
            }
        }

        public void Add(byte mark)
        {
            TaskCompletionSource changed;
            lock (_gate)
            {
                _marks.Add(mark);
                _count++;
                changed = _changed;
                _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
            }

            changed.TrySetResult();
        }

        public async Task WaitForAsync(int count)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            while (true)
            {
                Task changed;
                lock (_gate)
                {
                    if (_count >= count)
                    {
                        return;
                    }

                    changed = _changed.Task;
                }

                await changed.WaitAsync(timeout.Token);
            }
        }
    }
}
