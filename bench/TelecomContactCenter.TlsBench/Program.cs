using System.Globalization;
using System.Net;
using TelecomContactCenter.TlsBench;

// Redirect mode over UDP and over TLS in one run: INVITE -> 302 -> ACK against the same server and access number,
// the two interleaved at each rate so both see the same background load. Prints one Markdown row per step.
// Usage: TlsBench <host:udp-port> <host:tls-port> <ca.pem> <access-number> <calls-per-step> <connections> <rate>...
var culture = CultureInfo.InvariantCulture;
var udp = IPEndPoint.Parse(args[0]);
var tls = IPEndPoint.Parse(args[1]);
var caPath = args[2];
var accessNumber = args[3];
var calls = int.Parse(args[4], culture);
var connections = int.Parse(args[5], culture);
var rates = args[6..].Select(r => int.Parse(r, culture)).ToArray();

var random = new Random(7);
string Caller() => $"+86139{random.Next(1, 20_001):D8}";

// Warm both paths (JIT, connection set-up) before anything is measured.
await using (var warmUdp = await RedirectClient.OpenUdpAsync(udp))
await using (var warmTls = await RedirectClient.OpenTlsAsync(tls, caPath, connections))
{
    await LoadRun.RunAsync(warmUdp, accessNumber, 200, 500, Caller);
    await LoadRun.RunAsync(warmTls, accessNumber, 200, 500, Caller);
}

var active = new Dictionary<string, bool> { ["UDP"] = true, ["TLS"] = true };
foreach (var rate in rates)
{
    foreach (var transport in new[] { "UDP", "TLS" })
    {
        if (!active[transport])
        {
            continue;
        }

        await using var client = transport == "UDP"
            ? await RedirectClient.OpenUdpAsync(udp)
            : await RedirectClient.OpenTlsAsync(tls, caPath, connections);
        var load = File.ReadAllText("/proc/loadavg").Split(' ')[0];
        var result = await LoadRun.RunAsync(client, accessNumber, calls, rate, Caller);
        Console.WriteLine(string.Create(culture,
            $"| {transport} | {rate} | {result.Completed} | {result.Failed} | {result.AchievedRate:0} | {result.P50:0.00} | {result.P99:0.00} | {result.Retransmissions} | {load} |"));
        Console.Error.WriteLine(string.Create(culture,
            $"{DateTime.UtcNow:HH:mm:ss} {transport} {rate}/s: {result.Completed} ok, {result.Failed} failed, p50 {result.P50:0.00} ms, p99 {result.P99:0.00} ms"));
        if (result.Failed > 0)
        {
            active[transport] = false;
        }
    }
}
