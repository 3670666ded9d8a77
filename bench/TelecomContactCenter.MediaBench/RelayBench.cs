using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using TelecomContactCenter.Media.Codecs;
using TelecomContactCenter.Media.Relay;
using TelecomContactCenter.Media.Rtp;
using TelecomContactCenter.Media.Srtp;

namespace TelecomContactCenter.MediaBench;

/// <summary>
/// Relay cost per packet, plain RTP against SRTP, in one run: a caller phone (a socket in this process) sends G.711
/// frames of 160 octets to the caller leg, the relay forwards them to the agent leg, and an agent phone drains them.
/// The caller's packets are built (and for SRTP protected) before the clock starts, so the measured process CPU is
/// the legs' receive, unprotect, relay, protect and send, plus the phones' socket calls, which are the same in every
/// mode: the difference between rows is what SRTP costs the relay. Every mode runs on both receive paths: one
/// receive loop (the server's default on Linux, <c>Media:ReceiveThreads</c>) and the runtime's asynchronous sockets.
/// </summary>
internal static class RelayBench
{
    private const int Frame = 160;

    public static async Task RunAsync(int packets, int rounds)
    {
        Console.WriteLine($"{Environment.ProcessorCount} cores, .NET {Environment.Version}; {packets} packets per mode and round, {rounds} rounds interleaved");
        using var loops = RtpReceiveLoops.Start(1);
        var paths = new[] { ("receive loop", loops), ("runtime sockets", RtpReceiveLoops.None) };
        var modes = paths.SelectMany(p => new[]
        {
            (Path: p.Item1, Name: "plain → plain", CallerSrtp: false, AgentSrtp: false, Loops: p.Item2),
            (Path: p.Item1, Name: "SRTP → plain", CallerSrtp: true, AgentSrtp: false, Loops: p.Item2),
            (Path: p.Item1, Name: "SRTP → SRTP", CallerSrtp: true, AgentSrtp: true, Loops: p.Item2),
        }).ToList();
        var costs = modes.ToDictionary(m => (m.Path, m.Name), _ => new List<(double Cpu, double Wall)>());
        var lost = modes.ToDictionary(m => (m.Path, m.Name), _ => 0L);
        for (var round = 0; round < rounds; round++)
        {
            foreach (var mode in modes)
            {
                var (relayed, cpu, wall) = await RunModeAsync(packets, mode.CallerSrtp, mode.AgentSrtp, mode.Loops);
                lost[(mode.Path, mode.Name)] += packets - relayed;
                costs[(mode.Path, mode.Name)].Add((cpu.TotalMicroseconds / relayed, wall.TotalMicroseconds / relayed));
            }
        }

        Console.WriteLine("| receive path | caller leg → agent leg | CPU µs/packet (median) | CPU µs/packet (min–max) | wall µs/packet (median) | CPU vs plain on the loop | packets not received |");
        Console.WriteLine("|---|---|---:|---:|---:|---:|---:|");
        var plain = Median(costs[(modes[0].Path, modes[0].Name)].Select(c => c.Cpu));
        foreach (var mode in modes)
        {
            var key = (mode.Path, mode.Name);
            var cpu = costs[key].Select(c => c.Cpu).ToList();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {mode.Path} | {mode.Name} | {Median(cpu):F2} | {cpu.Min():F2}–{cpu.Max():F2} | {Median(costs[key].Select(c => c.Wall)):F2} | {Median(cpu) / plain:F2}× | {lost[key]} of {packets * rounds} |"));
        }

        var (protect, unprotect) = CryptoAlone(packets);
        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"SRTP transforms alone on one thread (172-octet RTP packet, 160 octets of G.711): protect {protect:F2} µs, unprotect {unprotect:F2} µs per packet."));
    }

    /// <summary>
    /// Protects a stream of packets, then unprotects it, each loop timed by process CPU (the relay's sessions are
    /// closed by then), so the crypto cost shows without sockets or the relay and without the box's other load.
    /// </summary>
    private static (double Protect, double Unprotect) CryptoAlone(int packets)
    {
        var key = SrtpMasterKey.Generate();
        using var sender = new SrtpContext(key);
        using var receiver = new SrtpContext(key);
        var payload = new byte[Frame];
        var stream = new byte[packets][];
        var lengths = new int[packets];
        for (var i = 0; i < packets; i++)
        {
            stream[i] = new byte[Frame + 12 + SrtpContext.TagLength];
            lengths[i] = new RtpHeader(0, (ushort)i, (uint)(i * Frame), 0x1234_5678).Write(stream[i], payload);
        }

        var process = Process.GetCurrentProcess();
        process.Refresh();
        var start = process.TotalProcessorTime;
        for (var i = 0; i < packets; i++)
        {
            lengths[i] = sender.Protect(stream[i], lengths[i]);
        }

        process.Refresh();
        var middle = process.TotalProcessorTime;
        for (var i = 0; i < packets; i++)
        {
            if (receiver.Unprotect(stream[i], ref lengths[i]) != SrtpStatus.Ok)
            {
                throw new InvalidOperationException($"Packet {i} did not authenticate.");
            }
        }

        process.Refresh();
        var end = process.TotalProcessorTime;
        return ((middle - start).TotalMicroseconds / packets, (end - middle).TotalMicroseconds / packets);
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted[sorted.Count / 2];
    }

    private static async Task<(long Relayed, TimeSpan Cpu, TimeSpan Wall)> RunModeAsync(int packets, bool callerSrtp, bool agentSrtp, RtpReceiveLoops loops)
    {
        await using var callerLeg = RtpSessionFactory.OpenEphemeral(IPAddress.Loopback, new RtpSessionOptions { Cname = "c" }, TimeProvider.System, loops);
        await using var agentLeg = RtpSessionFactory.OpenEphemeral(IPAddress.Loopback, new RtpSessionOptions { Cname = "a" }, TimeProvider.System, loops);
        using var callerPhone = Bound();
        using var agentPhone = Bound();
        using var relay = new RtpRelay(callerLeg, new AudioFormat(G711Law.MuLaw, 0, 101), agentLeg, new AudioFormat(G711Law.MuLaw, 0, 101));
        var phoneKey = SrtpMasterKey.Generate();
        if (callerSrtp)
        {
            callerLeg.UseSrtp(SrtpMasterKey.Generate(), phoneKey);
        }

        if (agentSrtp)
        {
            agentLeg.UseSrtp(SrtpMasterKey.Generate(), SrtpMasterKey.Generate());
        }

        callerLeg.SetRemote((IPEndPoint)callerPhone.LocalEndPoint!);
        agentLeg.SetRemote((IPEndPoint)agentPhone.LocalEndPoint!);
        callerLeg.Start();
        agentLeg.Start();

        var datagrams = Build(packets, callerSrtp ? phoneKey : null);
        var drained = Task.Run(() => Drain(agentPhone, packets));
        var process = Process.GetCurrentProcess();
        process.Refresh();
        var cpuBefore = process.TotalProcessorTime;
        var wall = Stopwatch.StartNew();
        for (var i = 0; i < datagrams.Count; i++)
        {
            callerPhone.SendTo(datagrams[i], callerLeg.LocalRtpEndPoint);
            if (i % 64 == 63)
            {
                // Keep the legs' receive buffers from overflowing: at most 64 packets ahead of the relay, waiting by
                // sleeping (not spinning) so the wait costs no CPU.
                while (relay.ForwardedToAgent < i - 64 && wall.Elapsed < TimeSpan.FromMinutes(2))
                {
                    Thread.Sleep(1);
                }
            }
        }

        var received = await drained;
        wall.Stop();
        process.Refresh();
        return (received, process.TotalProcessorTime - cpuBefore, wall.Elapsed);
    }

    private static List<byte[]> Build(int packets, SrtpMasterKey? key)
    {
        using var context = key is null ? null : new SrtpContext(key);
        var list = new List<byte[]>(packets);
        var payload = new byte[Frame];
        var buffer = new byte[1500];
        for (var i = 0; i < packets; i++)
        {
            payload.AsSpan().Fill((byte)i);
            var length = new RtpHeader(0, (ushort)i, (uint)(i * Frame), 0x1234_5678).Write(buffer, payload);
            if (context is not null)
            {
                length = context.Protect(buffer, length);
            }

            list.Add(buffer[..length]);
        }

        return list;
    }

    /// <summary>Packets the agent phone received: all of them, or as many as came before a 2 s silence.</summary>
    private static long Drain(Socket socket, int packets)
    {
        socket.ReceiveTimeout = 2000;
        var buffer = new byte[1500];
        var received = 0L;
        for (; received < packets; received++)
        {
            try
            {
                socket.Receive(buffer);
            }
            catch (SocketException)
            {
                break;
            }
        }

        return received;
    }

    private static Socket Bound()
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.ReceiveBufferSize = 4 << 20;
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return socket;
    }
}
