using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using TelecomContactCenter.Media.Codecs;
using TelecomContactCenter.Media.Playback;
using TelecomContactCenter.Media.Prompts;
using TelecomContactCenter.Server.Tests.Ivr;
using TelecomContactCenter.Testing;

namespace TelecomContactCenter.Server.Tests.Bridge;

/// <summary>
/// The green channel with real peers: a Platinum caller (sipp, its RTP read back here) is queued as soon as the
/// IVR knows who is calling, so agent1's sipp phone rings while the VIP welcome plays, and the welcome stops the
/// moment the phone answers: the caller hears part of the welcome and then the agent, never the queue prompts.
/// </summary>
public sealed class GreenChannelTests(BridgeHost host) : IClassFixture<BridgeHost>, IDisposable
{
    private const string Platinum = "+8613800000001";
    private const string Welcome = "vip-welcome";
    private readonly ScenarioFolder _scenarios = new();

    [Fact]
    public async Task PlatinumCall_AgentPhoneAnswersDuringTheWelcome_WelcomeStopsAndCallerHearsTheAgent()
    {
        await using var agent1 = await host.AvailableAgentAsync("agent1");
        var phonePort = ScenarioFolder.FreePort();
        var registered = await Sipp.RunAsync(_scenarios.Write("register.xml", BridgeScenarios.Register("agent1")), host.Udp, ["-p", phonePort, "-m", "1"]);
        Assert.True(registered.ExitCode == 0, registered.Describe());
        // The phone answers 800 ms after its INVITE; the welcome alone lasts 3.6 s.
        var phone = Sipp.RunAsync(_scenarios.Write("phone.xml", BridgeScenarios.AnsweringPhone(ringMs: 800)), host.Udp, ["-p", phonePort, "-m", "1", "-timeout", "25s"]);
        using var callerRtp = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        var rtpPort = ((IPEndPoint)callerRtp.Client.LocalEndPoint!).Port.ToString(CultureInfo.InvariantCulture);
        var scenario = $"""
            <?xml version="1.0" encoding="ISO-8859-1" ?>
            <scenario name="platinum caller listening">
              {BridgeScenarios.CallerUntilAnswered().Replace("[media_port]", "[rtp_port]", StringComparison.Ordinal)}
              <pause milliseconds="6000" />
              {BridgeScenarios.CallerRequest("BYE", 2)}
              <recv response="200" crlf="true" />
            </scenario>
            """;

        var caller = Sipp.RunAsync(_scenarios.Write("caller.xml", scenario), host.Udp,
            ["-s", "10000", "-key", "caller", Platinum, "-key", "rtp_port", rtpPort, "-m", "1", "-timeout", "25s"]);
        var heardFrames = await ReceiveUntilAsync(callerRtp, caller);
        var callerRun = await caller;
        var phoneRun = await phone;

        Assert.True(callerRun.ExitCode == 0 && callerRun.Successful == 1, callerRun.Describe());
        Assert.True(phoneRun.ExitCode == 0 && phoneRun.Successful == 1, phoneRun.Describe());
        var prompts = host.Services.GetRequiredService<PromptLibrary>();
        var heard = PromptTrail.Decode(heardFrames, prompts, [Welcome, "transfer", "queue-wait"], G711Law.ALaw);
        var welcomeFrames = (prompts[Welcome].Encoded(G711Law.ALaw).Length + PromptPlayer.SamplesPerFrame - 1) / PromptPlayer.SamplesPerFrame;
        Assert.True(heard.Count == 2 && heard[0] == Welcome && heard[1].StartsWith("unknown audio at frame ", StringComparison.Ordinal),
            "heard: " + string.Join(" | ", heard));
        var welcomeHeard = int.Parse(heard[1]["unknown audio at frame ".Length..], CultureInfo.InvariantCulture);
        Assert.InRange(welcomeHeard, 1, welcomeFrames - 1);
    }

    /// <summary>The RTP payloads the caller received, until the caller's sipp run ends.</summary>
    private static async Task<List<byte[]>> ReceiveUntilAsync(UdpClient socket, Task callerRun)
    {
        var payloads = new List<byte[]>();
        using var done = new CancellationTokenSource(TimeSpan.FromSeconds(40));
        var stop = callerRun.ContinueWith(_ => done.Cancel(), CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
        try
        {
            while (true)
            {
                var datagram = await socket.ReceiveAsync(done.Token);
                payloads.Add(datagram.Buffer[12..]);
            }
        }
        catch (OperationCanceledException)
        {
            // The caller hung up (or the deadline passed): everything it heard is in.
        }

        await stop;
        return payloads;
    }

    public void Dispose() => _scenarios.Dispose();
}
