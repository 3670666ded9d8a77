using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using TelecomContactCenter.Media.Ports;
using TelecomContactCenter.Server.Tests.Telephony;
using TelecomContactCenter.Testing;

namespace TelecomContactCenter.Server.Tests.Ivr;

/// <summary>Real calls from sipp into the real host running the shipped main.json on 10000.</summary>
public sealed class IvrSippTests(IvrHost host) : IClassFixture<IvrHost>, IDisposable
{
    private const string Standard = "+8613800000004";
    private const string Platinum = "+8613800000001";
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("tcc-ivr-sipp-");

    [Fact]
    public async Task Call_StandardCallerPresses1WithRfc4733_PathReachesBillingBranch()
    {
        // welcome (2.7 s) plays without barge-in; the key comes while the main menu plays.
        var scenario = Write("digit.xml", IvrScenarios.Call(digitAfterMs: 4500, "/usr/share/sip-tester/dtmf_2833_1.pcap", hangUpAfterMs: 2500));

        var run = await Sipp.RunAsync(scenario, host.Udp, ["-s", "10000", "-key", "caller", Standard, "-m", "1"]);

        Assert.True(run.ExitCode == 0 && run.Successful == 1, run.Describe());
        var path = await host.PathAsync(Standard, TelephonyFixture.CallIdOf(run));
        Assert.Equal("route > welcome > main-menu [1] > billing > queue-call", path.Summary);
        Assert.Contains(path.Steps, s => s.Kind == "Decision" && s.Text.Contains("key 1 → billing", StringComparison.Ordinal));
        Assert.Equal(("1", "billing"), (path.Digits, path.Queue));
        Assert.Equal("caller hung up (BYE)", path.End);
        Assert.Equal(0, host.Services.GetRequiredService<RtpPortAllocator>().InUse);
    }

    [Fact]
    public async Task Call_StandardCallerHangsUpDuringMenu_PathEndsInMenuAndPortsReleased()
    {
        var scenario = Write("hangup.xml", IvrScenarios.Call(digitAfterMs: 0, pcap: null, hangUpAfterMs: 4500));

        var run = await Sipp.RunAsync(scenario, host.Udp, ["-s", "10000", "-key", "caller", Standard, "-m", "1"]);

        Assert.True(run.ExitCode == 0 && run.Successful == 1, run.Describe());
        var path = await host.PathAsync(Standard, TelephonyFixture.CallIdOf(run));
        Assert.Equal("route > welcome > main-menu", path.Summary);
        Assert.Equal(("", null, "caller hung up (BYE)"), (path.Digits, path.Queue, path.End));
        Assert.Equal(0, host.Services.GetRequiredService<RtpPortAllocator>().InUse);
    }

    [Fact]
    public async Task Call_PlatinumCaller_ReachesVipDeskWithoutAnyMenu()
    {
        var scenario = Write("vip.xml", IvrScenarios.Call(digitAfterMs: 0, pcap: null, hangUpAfterMs: 8000));

        var run = await Sipp.RunAsync(scenario, host.Udp, ["-s", "10000", "-key", "caller", Platinum, "-m", "1"]);

        Assert.True(run.ExitCode == 0 && run.Successful == 1, run.Describe());
        var path = await host.PathAsync(Platinum, TelephonyFixture.CallIdOf(run));
        Assert.Equal("vip-desk", path.Queue);
        Assert.DoesNotContain(path.Steps, s => s.Kind == "Entered" && s.State is "main-menu" or "welcome");
        Assert.Contains(path.Steps, s => s.Kind == "Decision" && s.Text.Contains("Platinum", StringComparison.Ordinal));
        var record = await host.RecordAsync(TelephonyFixture.CallIdOf(run));
        Assert.Equal(("vip-desk", "Platinum", 200), (record.TargetQueue, record.Tier, record.StatusCode));
    }

    [Fact]
    public async Task Call_PromptRtp_HasNegotiatedPayloadTypeAndTwentyMillisecondPacing()
    {
        using var receiver = new TimestampedUdpReceiver();
        var scenario = Write("rtp.xml", IvrScenarios.Call(digitAfterMs: 0, pcap: null, hangUpAfterMs: 3500, mediaPort: "[rtp_port]"));
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));

        var run = Sipp.RunAsync(scenario, host.Udp, ["-s", "10000", "-key", "caller", Standard, "-key", "rtp_port", receiver.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-m", "1"]);
        var packets = new List<(DateTimeOffset Arrival, int PayloadType, ushort Sequence, uint Timestamp)>();
        while (packets.Count < 100)
        {
            var (rtp, _, arrival) = await receiver.ReceiveAsync(deadline.Token);
            packets.Add((arrival, rtp[1] & 0x7F, BinaryPrimitives.ReadUInt16BigEndian(rtp.AsSpan(2)), BinaryPrimitives.ReadUInt32BigEndian(rtp.AsSpan(4))));
        }

        var finished = await run;

        Assert.True(finished.ExitCode == 0 && finished.Successful == 1, finished.Describe());
        Assert.All(packets, p => Assert.Equal(8, p.PayloadType));
        var pairs = packets.Zip(packets.Skip(1)).ToList();
        Assert.All(pairs, p => Assert.Equal((ushort)(p.First.Sequence + 1), p.Second.Sequence));
        Assert.All(pairs, p => Assert.Equal(p.First.Timestamp + 160, p.Second.Timestamp));
        // Gaps between the kernel's arrival times: a test thread held up by a loaded machine cannot squeeze them.
        var gaps = pairs.Select(p => (p.Second.Arrival - p.First.Arrival).TotalMilliseconds).Order().ToList();
        // The median gap shows real-time pacing (a pacer running at twice or half speed fails it) and, unlike the
        // span of all 100 packets, is not moved by one scheduling stall of the pacer on a loaded test machine.
        var median = gaps[gaps.Count / 2];
        Assert.InRange(median, 15, 25);
    }

    [Fact]
    public async Task Call_OfferWithOnlyG729_Gets488()
    {
        var scenario = Write("g729.xml", IvrScenarios.G729Only());

        var run = await Sipp.RunAsync(scenario, host.Udp, ["-s", "10000", "-key", "caller", Standard, "-m", "1"]);

        Assert.True(run.ExitCode == 0 && run.Successful == 1, run.Describe());
        var record = await host.RecordAsync(TelephonyFixture.CallIdOf(run));
        Assert.Equal((488, "no-common-codec"), (record.StatusCode, record.Disposition));
        Assert.Equal(0, host.Services.GetRequiredService<RtpPortAllocator>().InUse);
    }

    [Fact]
    public async Task Call_LateOfferAnsweredWithPcmaInTheAck_PromptRtpIsPcmaToTheAnswersAddress()
    {
        using var receiver = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        var port = ((IPEndPoint)receiver.Client.LocalEndPoint!).Port;
        var scenario = Write("late.xml", IvrScenarios.LateOffer("m=audio [rtp_port] RTP/AVP 8\na=rtpmap:8 PCMA/8000", hangUpAfterMs: 2500));
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));

        var run = Sipp.RunAsync(scenario, host.Udp, ["-s", "10000", "-key", "caller", Standard, "-key", "rtp_port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-m", "1"]);
        var packets = new List<(int PayloadType, IPEndPoint Source)>();
        while (packets.Count < 50)
        {
            var datagram = await receiver.ReceiveAsync(deadline.Token);
            packets.Add((datagram.Buffer[1] & 0x7F, datagram.RemoteEndPoint));
        }

        var finished = await run;

        Assert.True(finished.ExitCode == 0 && finished.Successful == 1, finished.Describe());
        var offer = System.Text.RegularExpressions.Regex.Match(finished.Messages, @"m=audio (\d+) RTP/AVP 0 8 101");
        Assert.True(offer.Success, "our 200 carries no offer of PCMU, PCMA and telephone-event\n" + finished.Describe());
        Assert.Contains("a=rtpmap:101 telephone-event/8000", finished.Messages, StringComparison.Ordinal);
        Assert.All(packets, p => Assert.Equal(8, p.PayloadType));
        Assert.All(packets, p => Assert.Equal(int.Parse(offer.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), p.Source.Port));
        var path = await host.PathAsync(Standard, TelephonyFixture.CallIdOf(finished));
        Assert.Equal(("route > welcome", "caller hung up (BYE)"), (path.Summary, path.End));
        Assert.Equal(0, host.Services.GetRequiredService<RtpPortAllocator>().InUse);
    }

    [Theory]
    [InlineData(null, "no-media", "the ACK carried no SDP answer")]
    [InlineData("m=audio [auto_media_port] RTP/AVP 18\na=rtpmap:18 G729/8000", "no-common-codec", "no common codec")]
    public async Task Call_LateOfferAckWithoutUsableAnswer_ServiceSendsByeAndRecordSaysWhy(string? answer, string disposition, string why)
    {
        var scenario = Write("late-unanswered.xml", IvrScenarios.LateOfferUnanswered(answer));

        var run = await Sipp.RunAsync(scenario, host.Udp, ["-s", "10000", "-key", "caller", Standard, "-m", "1"]);

        Assert.True(run.ExitCode == 0 && run.Successful == 1, run.Describe());
        var record = await host.RecordAsync(TelephonyFixture.CallIdOf(run));
        Assert.Equal((200, disposition), (record.StatusCode, record.Disposition));
        Assert.Contains(why, record.Reason, StringComparison.Ordinal);
        var path = await host.PathAsync(Standard, TelephonyFixture.CallIdOf(run));
        Assert.Contains(why, path.End, StringComparison.Ordinal);
        Assert.EndsWith("ended with BYE", path.End, StringComparison.Ordinal);
        Assert.Equal(0, host.Services.GetRequiredService<RtpPortAllocator>().InUse);
    }

    public void Dispose() => _folder.Delete(recursive: true);

    private string Write(string name, string xml)
    {
        var path = Path.Combine(_folder.FullName, name);
        File.WriteAllText(path, xml);
        return path;
    }
}
