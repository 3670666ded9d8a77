using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;
using TelecomContactCenter.IvrBench;
using TelecomContactCenter.Media.Calls;
using TelecomContactCenter.Media.Codecs;
using TelecomContactCenter.Media.Playback;
using TelecomContactCenter.Media.Ports;
using TelecomContactCenter.Media.Rtp;

// DTMF bench: key presses sent as RFC 4733 over real UDP into the CallMedia an IVR call uses; every digit must
// arrive exactly once, in order. Usage: dotnet run -c Release --project bench/TelecomContactCenter.IvrBench [digits]
var digits = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 10_000;
const byte EventPayloadType = 101;
const int Window = 64;
const string Keys = "0123456789*#";

var time = TimeProvider.System;
using var scheduler = new PacingScheduler(time);
var factory = new CallMediaFactory(
    new RtpSessionFactory(new RtpPortAllocator(new RtpPortOptions { MinPort = 41000, MaxPort = 41999 }), time, null),
    scheduler,
    Options.Create(new MediaOptions { BindAddress = "127.0.0.1", Cname = "ivr-bench" }));
if (!factory.TryOpen(out var media))
{
    throw new InvalidOperationException("No RTP port free in 41000-41999.");
}

await using (media)
{
    using var phone = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
    phone.Bind(new IPEndPoint(IPAddress.Loopback, 0));
    var target = new IPEndPoint(IPAddress.Loopback, media.LocalRtpPort);
    media.Connect((IPEndPoint)phone.LocalEndPoint!, new AudioFormat(G711Law.MuLaw, 0, EventPayloadType));

    var random = new Random(4733);
    var sent = new char[digits];
    var kinds = new PressKind[digits];
    var received = new List<char>(digits + 1);
    var sentAt = new long[digits + 1];
    var latencies = new List<double>(digits);
    var sentinelSeen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
    media.DigitReceived += key =>
    {
        lock (received)
        {
            if (received.Count <= digits)
            {
                latencies.Add(Stopwatch.GetElapsedTime(sentAt[Math.Min(received.Count, digits)]).TotalMilliseconds);
            }

            received.Add(key);
            if (received.Count > digits)
            {
                sentinelSeen.TrySetResult();
            }
        }
    };

    var train = new DigitTrain(0x4733_0001, EventPayloadType);
    var started = Stopwatch.GetTimestamp();
    var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
    var datagramsSent = 0;
    using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(5));
    for (var i = 0; i < digits; i++)
    {
        // Flow control on the datagrams: at most Window in the receiver's socket, so the kernel never drops what a
        // phone pacing at 50 ms would have delivered; the losses RFC 4733 must survive are the deliberate ones.
        while (media.Session.ReceiveStatistics.Received < datagramsSent - Window)
        {
            await Task.Delay(1, deadline.Token);
        }

        sent[i] = Keys[random.Next(Keys.Length)];
        var roll = random.Next(100);
        kinds[i] = roll < 70 ? PressKind.Normal : roll < 80 ? PressKind.Long : roll < 90 ? PressKind.LostStart : PressKind.SingleEnd;
        sentAt[i] = Stopwatch.GetTimestamp();
        foreach (var datagram in train.Press(sent[i], kinds[i]))
        {
            await phone.SendToAsync(datagram, target, deadline.Token);
            datagramsSent++;
        }
    }

    // A final, different key: packets are handled in order, so any late duplicate would arrive before it.
    sentAt[digits] = Stopwatch.GetTimestamp();
    foreach (var datagram in train.Press('A', PressKind.Normal))
    {
        await phone.SendToAsync(datagram, target, deadline.Token);
    }

    if (await Task.WhenAny(sentinelSeen.Task, Task.Delay(TimeSpan.FromSeconds(10), deadline.Token)) != sentinelSeen.Task)
    {
        lock (received)
        {
            Console.WriteLine($"the final key never arrived: {received.Count} of {digits} digits heard, {media.Session.ReceiveStatistics.Received} packets received of {datagramsSent}");

        }

        return 1;
    }
    var elapsed = Stopwatch.GetElapsedTime(started);
    var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
    List<char> got;
    lock (received)
    {
        got = received.Take(received.Count - 1).ToList();
    }

    // Greedy alignment of what arrived against what was sent: anything unmatched was missed or extra.
    var matched = 0;
    foreach (var key in got)
    {
        if (matched < digits && key == sent[matched])
        {
            matched++;
        }
    }

    var missed = digits - matched;
    var duplicated = got.Count - matched;
    latencies.Sort();
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"digits sent {digits} (normal {kinds.Count(k => k == PressKind.Normal)}, long {kinds.Count(k => k == PressKind.Long)}, " +
        $"lost start {kinds.Count(k => k == PressKind.LostStart)}, single end {kinds.Count(k => k == PressKind.SingleEnd)}), " +
        $"datagrams {datagramsSent}, received {got.Count}, missed {missed}, duplicated {duplicated}, " +
        $"exact order {got.SequenceEqual(sent)}, {elapsed.TotalSeconds:0.00} s, {digits / elapsed.TotalSeconds:0} digits/s, " +
        $"CPU {cpu.TotalMilliseconds / datagramsSent * 1000:0.0} µs/datagram, detection latency p50 {latencies[latencies.Count / 2]:0.000} ms " +
        $"p99 {latencies[(int)(latencies.Count * 0.99)]:0.000} ms"));
    return missed == 0 && duplicated == 0 ? 0 : 1;
}
