using System.Diagnostics;
using System.Text.RegularExpressions;
using TelecomContactCenter.Testing;

namespace TelecomContactCenter.Server.Tests.Infrastructure;

/// <summary>
/// docker-compose.yml as `docker-compose config` resolves it (no Docker engine runs here): every profile valid, SIP
/// and media reachable from outside the container, the address written in SIP and SDP set from the environment, and
/// the cluster profile's nodes, Kamailio dispatcher list and HAProxy backends naming the same addresses.
/// </summary>
public sealed partial class ComposeFileTests
{
    private static readonly string File = Path.Combine(RepositoryFiles.Root(), "docker-compose.yml");

    [Fact]
    public async Task Defaults_ServerListensOnEveryInterface_PublishesTheRtpRange_AndWritesLoopbackInSipAndSdp()
    {
        var services = await ConfigAsync([], "sqlserver", "cluster");
        var server = services["server"];

        Assert.Equal(["haproxy", "kamailio", "node1", "node2", "postgres", "redis", "server", "server-sqlserver", "sqlserver"],
            services.Keys.Order(StringComparer.Ordinal));
        Assert.Contains("Sip__Transport__Address: 0.0.0.0", server, StringComparison.Ordinal);
        Assert.Contains("Sip__Transport__AdvertisedAddress: 127.0.0.1", server, StringComparison.Ordinal);
        Assert.Contains("Ivr__MediaAddress: 127.0.0.1", server, StringComparison.Ordinal);
        Assert.Equal(Enumerable.Range(20000, 1000), PublishedUdp(server).Where(p => p != 5060));
        Assert.Contains(5060, PublishedUdp(server));
        Assert.Contains("Database__Provider: Postgres", server, StringComparison.Ordinal);
        Assert.Contains("Database__Provider: SqlServer", services["server-sqlserver"], StringComparison.Ordinal);
        Assert.Equal(["server-sqlserver", "sqlserver"], InProfile(services, "sqlserver"));
        Assert.Equal(["haproxy", "kamailio", "node1", "node2", "redis"], InProfile(services, "cluster"));
    }

    [Fact]
    public async Task PublicAddressAndRtpRangeFromTheEnvironment_ReachSipSdpAndThePublishedPorts()
    {
        var services = await ConfigAsync(
            [("TCC_PUBLIC_ADDRESS", "198.51.100.7"), ("TCC_RTP_MIN", "30000"), ("TCC_RTP_MAX", "30009"), ("TCC_CLUSTER_SIP_PORT", "5099")], "cluster");
        var server = services["server"];

        Assert.Contains("Sip__Transport__AdvertisedAddress: 198.51.100.7", server, StringComparison.Ordinal);
        Assert.Contains("Ivr__MediaAddress: 198.51.100.7", server, StringComparison.Ordinal);
        Assert.Contains("Media__RtpPorts__MinPort: '30000'", server, StringComparison.Ordinal);
        Assert.Contains("Media__RtpPorts__MaxPort: '30009'", server, StringComparison.Ordinal);
        Assert.Equal(Enumerable.Range(30000, 10), PublishedUdp(server).Where(p => p != 5060));
        Assert.Contains("EDGE_ADVERTISE=198.51.100.7:5099", services["kamailio"], StringComparison.Ordinal);
        Assert.Contains(5099, PublishedUdp(services["kamailio"]));
        Assert.All(["node1", "node2"], n => Assert.Contains("Ivr__MediaAddress: 198.51.100.7", services[n], StringComparison.Ordinal));
    }

    [Fact]
    public async Task ClusterProfile_NodesOnRedisAndSharedKeys_KamailioAndHaproxyNameEachNodeAtItsOwnAddress()
    {
        var services = await ConfigAsync([], "cluster");
        var list = await System.IO.File.ReadAllTextAsync(Path.Combine(RepositoryFiles.Root(), "deploy", "kamailio", "dispatcher-compose.list"));
        var dispatched = DispatcherEntry().Matches(list).Select(m => m.Groups[1].Value).ToList();
        var kamailio = services["kamailio"];
        var nodeRtp = new List<int>();

        foreach (var (name, index) in new[] { ("node1", 1), ("node2", 2) })
        {
            var node = services[name];
            var address = FixedAddress().Match(node).Groups[1].Value;
            Assert.Contains($"Sip__Transport__AdvertisedAddress: {address}", node, StringComparison.Ordinal);
            Assert.Contains($"sip:{address}:5060", dispatched);
            Assert.Contains($"TCC_NODE{index}: {address}:8080", services["haproxy"], StringComparison.Ordinal);
            Assert.Contains("Cluster__Redis: redis:6379", node, StringComparison.Ordinal);
            Assert.Contains("DataProtection__KeysPath: /keys", node, StringComparison.Ordinal);
            Assert.Contains("Database__Provider: Postgres", node, StringComparison.Ordinal);
            Assert.Contains($"Sip__TrustedTrunks__0: {FixedAddress().Match(kamailio).Groups[1].Value}/32", node, StringComparison.Ordinal);
            nodeRtp.AddRange(PublishedUdp(node));
        }

        Assert.Equal(2, dispatched.Count);
        Assert.Contains($"NODES_LISTEN=udp:{FixedAddress().Match(kamailio).Groups[1].Value}:5080", kamailio, StringComparison.Ordinal);
        Assert.Equal(nodeRtp.Count, nodeRtp.Distinct().Count());
        Assert.Empty(nodeRtp.Intersect(PublishedUdp(services["server"])));
        Assert.Contains("/usr/local/etc/haproxy/haproxy.cfg", services["haproxy"], StringComparison.Ordinal);
    }

    /// <summary>The resolved file's services, each as the text of its block, with <paramref name="environment"/> set.</summary>
    private static async Task<Dictionary<string, string>> ConfigAsync((string Name, string Value)[] environment, params string[] profiles)
    {
        var start = new ProcessStartInfo("docker-compose") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { "-f", File }.Concat(profiles.SelectMany(p => new[] { "--profile", p })).Append("config"))
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("docker-compose did not start.");
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, await errors);
        var text = await output;
        var section = text[(text.IndexOf("\nservices:\n", StringComparison.Ordinal) + 11)..];
        section = Regex.Match(section, @"^(?:  .*\n|\n)*", RegexOptions.Multiline).Value;
        return ServiceBlock().Matches(section).ToDictionary(m => m.Groups[1].Value, m => m.Value);
    }

    private static List<int> PublishedUdp(string service) => PublishedPort().Matches(service)
        .Where(m => m.Groups[1].Value == "udp").Select(m => int.Parse(m.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture)).ToList();

    private static List<string> InProfile(Dictionary<string, string> services, string profile) =>
        services.Where(s => s.Value.Contains($"    profiles:\n    - {profile}\n", StringComparison.Ordinal)).Select(s => s.Key).Order(StringComparer.Ordinal).ToList();

    [GeneratedRegex(@"^  ([a-z0-9-]+):\n(?:(?:    .*)?\n)*", RegexOptions.Multiline)]
    private static partial Regex ServiceBlock();

    [GeneratedRegex(@"- (?:mode: \w+\n\s+)?protocol: (udp|tcp)\n\s+published: (\d+)")]
    private static partial Regex PublishedPort();

    [GeneratedRegex(@"ipv4_address: ([0-9.]+)")]
    private static partial Regex FixedAddress();

    [GeneratedRegex(@"^\d+ (sip:\S+)", RegexOptions.Multiline)]
    private static partial Regex DispatcherEntry();
}
