using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using TelecomContactCenter.Server.Tests.Bridge;
using TelecomContactCenter.Server.Tests.Ivr;
using TelecomContactCenter.Sip.Registrar;
using TelecomContactCenter.Testing;

namespace TelecomContactCenter.Server.Tests.Cluster;

/// <summary>
/// Kamailio on the shipped dispatcher configuration (deploy/kamailio/dispatcher.cfg) in front of two nodes, each the
/// real host with the shipped IVR on its own SQLite database and its own loopback SIP port. sipp callers dial 10000
/// through Kamailio, are answered by a node's IVR and hang up along the Record-Route. Then one node stops: once
/// Kamailio's OPTIONS probe has taken it out, every new call is answered by the other. agent1's phone registers through
/// the edge with digest from one port, three times: each challenge is answered to the node that made it, and every
/// refresh reaches the node holding the binding, which keeps the edge as the phone's Path. Run with one socket for both
/// sides, and with a second socket facing the nodes (NODES_LISTEN: two Record-Routes per call). A node that is
/// up but answers the probes 503 (sipp) is taken out before any call reaches it; one that fails a single probe (a
/// busy node's late or refused answer) stays in, and is taken out only once it misses two in a row. And a node that died since its
/// last probe: the call the round robin gives it is retried on the live node, which answers it, and the node is out
/// for the calls after it; a phone whose address-of-record hashes to it registers on the live node, no 408.
/// </summary>
public sealed partial class KamailioDispatcherTests : IDisposable
{
    private const string Caller = "+8613800000004";
    private static readonly TimeSpan ProbeWait = TimeSpan.FromSeconds(30);
    private readonly ScenarioFolder _scenarios = new();

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task CallsThroughTheDispatcher_LandOnBothNodes_AndAfterOneStopsTheOtherAnswersEveryNewCall(bool nodesSocket)
    {
        var nodeA = new IvrHost();
        var nodeB = new IvrHost();
        var nodeBRunning = false;
        try
        {
            await nodeA.InitializeAsync();
            await nodeB.InitializeAsync();
            nodeBRunning = true;
            var nodesPort = ScenarioFolder.FreePort();
            await using var edge = await KamailioEdge.StartAsync("dispatcher.cfg", (folder, port) =>
            {
                var list = Path.Combine(folder, "dispatcher.list");
                File.WriteAllLines(list, [$"1 sip:{nodeA.Udp}", $"1 sip:{nodeB.Udp}"]);
                string[] defines = [$"EDGE_LISTEN=udp:127.0.0.1:{port}", $"DISPATCHER_LIST=\"{list}\"", "PROBE_INTERVAL=1", "NODE_TIMEOUT=1000"];
                return nodesSocket ? [.. defines, $"NODES_LISTEN=udp:127.0.0.1:{nodesPort}"] : defines;
            });
            var scenario = _scenarios.Write("caller.xml", CallerHangingUpAlongTheRoute());
            var phonePort = ScenarioFolder.FreePort();
            var registrations = new List<SippRun>();
            for (var refresh = 0; refresh < 3; refresh++)
            {
                registrations.Add(await Sipp.RunAsync("register-digest.xml", edge.EndPoint, ["-s", "agent1", "-p", phonePort, "-m", "1"]));
            }

            var (boundA, boundB) = (Bindings(nodeA), Bindings(nodeB));

            var (before, messages) = await CallAsync(scenario, edge, calls: 4);
            var owners = new List<IvrHost>();
            foreach (var callId in before)
            {
                owners.Add(await OwnerAsync(callId, nodeA, nodeB));
            }

            var nodeBUdp = nodeB.Udp;
            await ((IAsyncLifetime)nodeB).DisposeAsync();
            nodeBRunning = false;
            await edge.WaitForLogAsync($"dispatcher: node sip:{nodeBUdp} down", ProbeWait);
            var (after, _) = await CallAsync(scenario, edge, calls: 3);
            var afterOwners = new List<IvrHost>();
            foreach (var callId in after)
            {
                afterOwners.Add(await OwnerAsync(callId, nodeA));
            }

            Assert.All(registrations, r => Assert.True(r.ExitCode == 0 && r.Successful == 1, r.Describe() + "\n" + edge.Log));
            var bound = Assert.Single(boundA.Concat(boundB));
            Assert.Contains($"127.0.0.1:{(nodesSocket ? nodesPort : edge.EndPoint.Port.ToString(System.Globalization.CultureInfo.InvariantCulture))}", Assert.Single(bound.Path).ToString(), StringComparison.Ordinal);
            Assert.Equal(nodesSocket, messages.Contains($"Record-Route: <sip:127.0.0.1:{nodesPort};", StringComparison.Ordinal));
            Assert.Contains(nodeA, owners);
            Assert.Contains(nodeB, owners);
            Assert.All(afterOwners, owner => Assert.Same(nodeA, owner));
            Assert.All(after, callId => Assert.Contains($"dispatcher: INVITE {callId} to sip:{nodeA.Udp}", edge.Log, StringComparison.Ordinal));
            Assert.DoesNotContain("retried on", edge.Log, StringComparison.Ordinal);
        }
        finally
        {
            await ((IAsyncLifetime)nodeA).DisposeAsync();
            if (nodeBRunning)
            {
                await ((IAsyncLifetime)nodeB).DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task NodeAnsweringProbesWith503_IsTakenOut_AndEveryCallGoesToTheOther()
    {
        var node = new IvrHost();
        try
        {
            await node.InitializeAsync();
            var refusingPort = ScenarioFolder.FreePort();
            var refusing = Sipp.RunAsync(_scenarios.Write("refusing.xml", RefusingNode()), node.Udp,
                ["-p", refusingPort, "-m", "3"], deadline: TimeSpan.FromSeconds(60));
            await using var edge = await KamailioEdge.StartAsync("dispatcher.cfg", (folder, port) =>
            {
                var list = Path.Combine(folder, "dispatcher.list");
                File.WriteAllLines(list, [$"1 sip:127.0.0.1:{refusingPort}", $"1 sip:{node.Udp}"]);
                return [$"EDGE_LISTEN=udp:127.0.0.1:{port}", $"DISPATCHER_LIST=\"{list}\"", "PROBE_INTERVAL=1", "NODE_TIMEOUT=1000"];
            });
            await edge.WaitForLogAsync($"dispatcher: node sip:127.0.0.1:{refusingPort} down", ProbeWait);

            var (calls, _) = await CallAsync(_scenarios.Write("caller.xml", CallerHangingUpAlongTheRoute()), edge, calls: 4);
            var owners = new List<IvrHost>();
            foreach (var callId in calls)
            {
                owners.Add(await OwnerAsync(callId, node));
            }

            var probed = await refusing;

            Assert.True(probed.ExitCode == 0 && probed.Successful == 3, probed.Describe());
            Assert.All(owners, owner => Assert.Same(node, owner));
            Assert.All(calls, callId => Assert.Contains($"dispatcher: INVITE {callId} to sip:{node.Udp}", edge.Log, StringComparison.Ordinal));
            Assert.DoesNotContain("retried on", edge.Log, StringComparison.Ordinal);
            Assert.Contains("From: <sip:dispatcher@edge.invalid>", probed.Messages, StringComparison.Ordinal);
            Assert.Contains("SIP/2.0 503 Service Unavailable", probed.Messages, StringComparison.Ordinal);
            Assert.DoesNotContain("INVITE sip:", probed.Messages, StringComparison.Ordinal);
        }
        finally
        {
            await ((IAsyncLifetime)node).DisposeAsync();
        }
    }

    [Fact]
    public async Task NodeFailingOneProbe_StaysIn_AndIsTakenOutOnceItMissesTwoInARow()
    {
        var nodePort = ScenarioFolder.FreePort();
        // sipp answers on nodePort; the target it is given is never sent to.
        var node = Sipp.RunAsync(_scenarios.Write("missing-one.xml", NodeFailingItsFirstProbe()), new IPEndPoint(IPAddress.Loopback, 9),
            ["-p", nodePort, "-m", "4"], deadline: TimeSpan.FromSeconds(60));
        await using var edge = await KamailioEdge.StartAsync("dispatcher.cfg", (folder, port) =>
        {
            var list = Path.Combine(folder, "dispatcher.list");
            File.WriteAllLines(list, [$"1 sip:127.0.0.1:{nodePort}"]);
            return [$"EDGE_LISTEN=udp:127.0.0.1:{port}", $"DISPATCHER_LIST=\"{list}\"", "PROBE_INTERVAL=1", "PROBE_TIMEOUT=1000"];
        });

        // The node answers four OPTIONS (the edge's readiness check relayed to it, then probes: the first refused)
        // and is gone; the probes after it go unanswered.
        var probed = await node;
        await edge.WaitForLogAsync($"dispatcher: node sip:127.0.0.1:{nodePort} down", ProbeWait);

        Assert.True(probed.ExitCode == 0 && probed.Successful == 4, probed.Describe());
        Assert.Contains("SIP/2.0 503 Service Unavailable", probed.Messages, StringComparison.Ordinal);
        Assert.Contains("SIP/2.0 200 OK", probed.Messages.Split("SIP/2.0 503 Service Unavailable")[1], StringComparison.Ordinal);
        Assert.DoesNotContain($"dispatcher: node sip:127.0.0.1:{nodePort} up", edge.Log, StringComparison.Ordinal);
        Assert.Single(NodeDownLine().Matches(edge.Log));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task NodeDeadSinceItsLastProbe_TheCallSentToItIsAnsweredByTheLiveNode_AndTheNextCallsGoStraightThere(bool nodesSocket)
    {
        var node = new IvrHost();
        try
        {
            await node.InitializeAsync();
            var dead = $"127.0.0.1:{ScenarioFolder.FreePort()}";
            var nodesPort = ScenarioFolder.FreePort();
            await using var edge = await KamailioEdge.StartAsync("dispatcher.cfg", (folder, port) =>
            {
                var list = Path.Combine(folder, "dispatcher.list");
                File.WriteAllLines(list, [$"1 sip:{dead}", $"1 sip:{node.Udp}"]);

                // No probe within the test: the edge holds the dead node as in until a call sent to it says otherwise.
                string[] defines = [$"EDGE_LISTEN=udp:127.0.0.1:{port}", $"DISPATCHER_LIST=\"{list}\"", "PROBE_INTERVAL=3600", "NODE_TIMEOUT=1000"];
                return nodesSocket ? [.. defines, $"NODES_LISTEN=udp:127.0.0.1:{nodesPort}"] : defines;
            });

            // Round robin over two nodes the edge holds as in: one of the first two calls is sent to the dead node.
            var (calls, messages) = await CallAsync(_scenarios.Write("caller.xml", CallerHangingUpAlongTheRoute()), edge, calls: 3);
            var owners = new List<IvrHost>();
            foreach (var callId in calls)
            {
                owners.Add(await OwnerAsync(callId, node));
            }

            var log = edge.Log;
            var sentToTheDead = Assert.Single(calls, callId => log.Contains($"dispatcher: INVITE {callId} to sip:{dead}", StringComparison.Ordinal));
            Assert.All(owners, owner => Assert.Same(node, owner));
            Assert.Contains($"dispatcher: {sentToTheDead} failed on sip:{dead}: 408, timed out 1, replied 0", log, StringComparison.Ordinal);
            Assert.Contains($"dispatcher: node sip:{dead} down", log, StringComparison.Ordinal);
            Assert.Contains($"dispatcher: {sentToTheDead} retried on sip:{node.Udp}", log, StringComparison.Ordinal);
            Assert.Single(RetriedLine().Matches(log));
            Assert.Equal(nodesSocket, messages.Contains($"Record-Route: <sip:127.0.0.1:{nodesPort};", StringComparison.Ordinal));
            Assert.All(calls.SkipWhile(callId => callId != sentToTheDead).Skip(1),
                callId => Assert.Contains($"dispatcher: INVITE {callId} to sip:{node.Udp}", log, StringComparison.Ordinal));
        }
        finally
        {
            await ((IAsyncLifetime)node).DisposeAsync();
        }
    }

    [Fact]
    public async Task PhoneWhoseNodeDiedSinceItsLastProbe_RegistersOnTheLiveNodeInsteadOfGetting408()
    {
        var node = new IvrHost();
        try
        {
            await node.InitializeAsync();
            var dead = $"127.0.0.1:{ScenarioFolder.FreePort()}";
            var live = node.Udp.ToString();

            // The address-of-record's hash picks one place in the list: of the two orders, one puts the dead node there.
            string? exercised = null;
            foreach (var order in new[] { new[] { dead, live }, new[] { live, dead } })
            {
                await using var edge = await KamailioEdge.StartAsync("dispatcher.cfg", (folder, port) =>
                {
                    var list = Path.Combine(folder, "dispatcher.list");
                    File.WriteAllLines(list, order.Select(n => $"1 sip:{n}"));

                    // No probe within the test: the edge holds the dead node as in until a request sent to it says otherwise.
                    return [$"EDGE_LISTEN=udp:127.0.0.1:{port}", $"DISPATCHER_LIST=\"{list}\"", "PROBE_INTERVAL=3600", "PROBE_TIMEOUT=1000"];
                });
                var run = await Sipp.RunAsync("register-digest.xml", edge.EndPoint, ["-s", "agent1", "-p", ScenarioFolder.FreePort(), "-m", "1"],
                    deadline: TimeSpan.FromSeconds(60));
                var log = edge.Log;
                var registers = RegisterLine().Matches(log).Select(m => (CallId: m.Groups[1].Value, To: m.Groups[2].Value)).ToList();
                if (registers.Count == 0 || registers[0].To != dead)
                {
                    Assert.True(run.ExitCode == 0 && run.Successful == 1, run.Describe() + "\n" + log);
                    continue;
                }

                exercised = string.Join(" then ", order);
                var callId = registers[0].CallId;
                Assert.True(run.ExitCode == 0 && run.Successful == 1, run.Describe() + "\n" + log);
                Assert.DoesNotContain("SIP/2.0 408", run.Messages, StringComparison.Ordinal);
                Assert.Contains($"dispatcher: {callId} failed on sip:{dead}: 408, timed out 1, replied 0", log, StringComparison.Ordinal);
                Assert.Contains($"dispatcher: node sip:{dead} down", log, StringComparison.Ordinal);
                Assert.Contains($"dispatcher: {callId} retried on sip:{live}", log, StringComparison.Ordinal);

                // The phone's answer to the live node's challenge is hashed past the node taken out, to the live node.
                Assert.Equal((callId, live), registers[^1]);
                Assert.Contains(Bindings(node), b => b.CallId == callId);
                break;
            }

            Assert.True(exercised is not null, "neither order of the list put the dead node where agent1's address-of-record hashes");
        }
        finally
        {
            await ((IAsyncLifetime)node).DisposeAsync();
        }
    }

    public void Dispose() => _scenarios.Dispose();

    /// <summary>
    /// <paramref name="calls"/> calls to 10000 through the edge, one after another; each is answered, acknowledged and
    /// hung up, its BYE answered 200 (only the node holding the dialog knows it). Returns their Call-IDs and sipp's message log.
    /// </summary>
    private static async Task<(IReadOnlyList<string> CallIds, string Messages)> CallAsync(string scenario, KamailioEdge edge, int calls)
    {
        var run = await Sipp.RunAsync(scenario, edge.EndPoint,
            ["-s", "10000", "-key", "caller", Caller, "-m", calls.ToString(System.Globalization.CultureInfo.InvariantCulture), "-l", "1"],
            deadline: TimeSpan.FromSeconds(90));
        Assert.True(run.ExitCode == 0 && run.Successful == calls, run.Describe() + "\n" + edge.Log);
        var callIds = CallIdLine().Matches(run.Messages).Select(m => m.Groups[1].Value.Trim()).Distinct().ToList();
        Assert.Equal(calls, callIds.Count);
        return (callIds, run.Messages);
    }

    /// <summary>agent1's live registrations on the node.</summary>
    private static IReadOnlyList<RegistrationBinding> Bindings(IvrHost node) =>
        node.Services.GetRequiredService<RegistrationStore>().FindContacts("agent1");

    /// <summary>
    /// The node that answered the call: the one that stored its IVR path, ended by the caller's BYE (waits at most
    /// 15 s for the record; a call is recorded by the node that answered it and by no other).
    /// </summary>
    private static async Task<IvrHost> OwnerAsync(string callId, params IvrHost[] nodes)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        while (true)
        {
            foreach (var node in nodes)
            {
                if (await node.TryPathAsync(Caller, callId, deadline.Token) is { } path)
                {
                    Assert.Equal("caller hung up (BYE)", path.End);
                    return node;
                }
            }

            await Task.Delay(100, deadline.Token);
        }
    }

    /// <summary>A caller through the edge: INVITE with a PCMA offer, ACK and BYE along the answer's Record-Route.</summary>
    internal static string CallerHangingUpAlongTheRoute() => $$"""
        <?xml version="1.0" encoding="ISO-8859-1" ?>
        <scenario name="caller through the dispatcher">
          {{CallerAnsweredThroughTheEdge()}}
          <pause milliseconds="500" />
          {{BridgeScenarios.CallerRequest("BYE", 2, routed: true)}}
          <recv response="200" crlf="true" />
        </scenario>
        """;

    /// <summary>The start of a caller through the edge: INVITE with a PCMA offer, its answer (keeping the Record-Route) and the ACK along it.</summary>
    internal static string CallerAnsweredThroughTheEdge() => $$"""
          {{BridgeScenarios.CallerInvite()}}
          <recv response="100" optional="true" />
          <recv response="180" optional="true" />
          <recv response="200" rrs="true" />
          {{BridgeScenarios.CallerRequest("ACK", 1, routed: true)}}
        """;

    /// <summary>A node that is up but refuses: its first three OPTIONS are answered 503, then it is gone.</summary>
    private static string RefusingNode() => $$"""
        <?xml version="1.0" encoding="ISO-8859-1" ?>
        <scenario name="node answering 503">
          <recv request="OPTIONS" />
          {{BridgeScenarios.UasResponse("503 Service Unavailable", "")}}
        </scenario>
        """;

    [GeneratedRegex(@"^Call-ID:\s*(\S+)", RegexOptions.Multiline | RegexOptions.IgnoreCase)]
    private static partial Regex CallIdLine();

    /// <summary>
    /// A node that refuses the edge's first probe (503) and answers every other OPTIONS 200: a busy node's one missed
    /// probe. The count of probes is global to sipp's calls; the edge's probes are those from dispatcher@edge.invalid.
    /// </summary>
    private static string NodeFailingItsFirstProbe() => $$"""
        <?xml version="1.0" encoding="ISO-8859-1" ?>
        <scenario name="node failing its first probe">
          <Global variables="probes" />
          <recv request="OPTIONS">
            <action>
              <ereg regexp="dispatcher@edge\.invalid" search_in="hdr" header="From:" assign_to="probe" />
            </action>
          </recv>
          <nop condexec="probe"><action><add assign_to="probes" value="1" /></action></nop>
          <nop condexec="probe"><action><test assign_to="first" variable="probes" compare="equal" value="1" /></action></nop>
          {{BridgeScenarios.UasResponse("503 Service Unavailable", "").Replace("<send>", "<send condexec=\"first\">", StringComparison.Ordinal)}}
          {{BridgeScenarios.UasResponse("200 OK", "").Replace("<send>", "<send condexec=\"first\" condexec_inverse=\"true\">", StringComparison.Ordinal)}}
        </scenario>
        """;

    [GeneratedRegex(@"dispatcher: node \S+ down")]
    private static partial Regex NodeDownLine();

    [GeneratedRegex(@"dispatcher: REGISTER (\S+) to sip:(\S+)")]
    private static partial Regex RegisterLine();

    [GeneratedRegex("dispatcher: \\S+ retried on ")]
    private static partial Regex RetriedLine();
}
