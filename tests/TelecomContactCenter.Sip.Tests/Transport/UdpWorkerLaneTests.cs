using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging.Abstractions;
using TelecomContactCenter.Sip.Transport;

namespace TelecomContactCenter.Sip.Tests.Transport;

/// <summary>
/// Several UDP workers: one call's messages keep their order on one worker while calls from one trunk spread over
/// the workers; a worker that cannot keep up drops (and counts) what overflows its queue and keeps serving.
/// </summary>
public sealed partial class UdpWorkerLaneTests
{
    private static readonly IPEndPoint Loopback = new(IPAddress.Loopback, 0);

    [Fact]
    public async Task Workers_TwoInterleavedCallsFromOnePeer_EachCallInOrderOnItsOwnWorker()
    {
        var (first, second) = CallIdsOnDifferentLanes(4);
        var handled = new ConcurrentQueue<(string CallId, int CSeq, string Thread)>();
        var all = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var transport = new UdpSipTransport(Loopback, 4, NullLogger.Instance);
        await transport.StartAsync((data, _, _) =>
        {
            var (callId, cseq) = Read(data);
            handled.Enqueue((callId, cseq, Thread.CurrentThread.Name!));
            if (handled.Count == 100)
            {
                all.TrySetResult();
            }

            return ValueTask.CompletedTask;
        }, CancellationToken.None);

        using var trunk = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        for (var cseq = 1; cseq <= 50; cseq++)
        {
            await trunk.SendAsync(Request(first, cseq), transport.LocalEndPoint);
            await trunk.SendAsync(Request(second, cseq), transport.LocalEndPoint);
        }

        await all.Task.WaitAsync(TimeSpan.FromSeconds(10));

        var byCall = handled.ToArray().GroupBy(h => h.CallId).ToDictionary(g => g.Key, g => g.ToList());
        Assert.Equal(Enumerable.Range(1, 50), byCall[first].Select(h => h.CSeq));
        Assert.Equal(Enumerable.Range(1, 50), byCall[second].Select(h => h.CSeq));
        Assert.Single(byCall[first].Select(h => h.Thread).Distinct());
        Assert.Single(byCall[second].Select(h => h.Thread).Distinct());
        Assert.NotEqual(byCall[first][0].Thread, byCall[second][0].Thread);
    }

    [Fact]
    public async Task Workers_WorkerStuck_OverflowDroppedAndCountedInOrderAndOtherCallsServed()
    {
        var (stuck, other) = CallIdsOnDifferentLanes(2);
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var otherHandled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var stuckHandled = new ConcurrentQueue<int>();
        using var progress = new SemaphoreSlim(0);
        using var statistics = new SipTransportStatistics();
        await using var transport = new UdpSipTransport(Loopback, 2, NullLogger.Instance, statistics, laneCapacity: 4);
        await transport.StartAsync((data, _, _) =>
        {
            var (callId, cseq) = Read(data);
            if (callId == other)
            {
                otherHandled.TrySetResult();
                return ValueTask.CompletedTask;
            }

            // The first message of the stuck call blocks its worker until the test opens the gate.
            gate.Task.Wait(CancellationToken.None);
            stuckHandled.Enqueue(cseq);
            progress.Release();
            return ValueTask.CompletedTask;
        }, CancellationToken.None);

        using var trunk = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        for (var cseq = 1; cseq <= 20; cseq++)
        {
            await trunk.SendAsync(Request(stuck, cseq), transport.LocalEndPoint);
        }

        // One receiving thread reads in order: once the other call's message is handled, all 20 were queued or dropped.
        await trunk.SendAsync(Request(other, 1), transport.LocalEndPoint);
        await otherHandled.Task.WaitAsync(TimeSpan.FromSeconds(10));
        var dropped = statistics.OverloadDropped;
        gate.SetResult();
        var expected = 20 - (int)dropped;
        for (var i = 0; i < expected; i++)
        {
            Assert.True(await progress.WaitAsync(TimeSpan.FromSeconds(10)), "the stuck worker resumes once released");
        }

        // One in the handler, four queued; the fifth finds room only if the worker took the first before it arrived.
        Assert.InRange(dropped, 15, 16);
        Assert.Equal(stuckHandled.Order(), stuckHandled);
        Assert.Equal(1, stuckHandled.First());
    }

    private static (string First, string Second) CallIdsOnDifferentLanes(int lanes)
    {
        var first = "call-0@trunk";
        var firstLane = Lane(first, lanes);
        var second = Enumerable.Range(1, 100).Select(i => $"call-{i}@trunk").First(id => Lane(id, lanes) != firstLane);
        return (first, second);
    }

    private static int Lane(string callId, int lanes) => DialogAffinity.Lane(Request(callId, 1), Loopback, lanes);

    private static byte[] Request(string callId, int cseq) => Encoding.ASCII.GetBytes(
        "INFO sip:10001@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:5099;branch=z9hG4bK" + cseq + "\r\n" +
        $"Call-ID: {callId}\r\nCSeq: {cseq} INFO\r\nContent-Length: 0\r\n\r\n");

    private static (string CallId, int CSeq) Read(ReadOnlyMemory<byte> data)
    {
        var match = HeaderPattern().Match(Encoding.ASCII.GetString(data.Span));
        return (match.Groups[1].Value, int.Parse(match.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture));
    }

    [GeneratedRegex(@"Call-ID: (\S+)\r\nCSeq: (\d+)")]
    private static partial Regex HeaderPattern();
}
