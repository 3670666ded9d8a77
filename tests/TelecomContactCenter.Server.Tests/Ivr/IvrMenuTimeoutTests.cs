using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using TelecomContactCenter.Media.Codecs;
using TelecomContactCenter.Media.Ports;
using TelecomContactCenter.Media.Prompts;
using TelecomContactCenter.Server.Tests.Telephony;
using TelecomContactCenter.Testing;

namespace TelecomContactCenter.Server.Tests.Ivr;

/// <summary>
/// A real sipp caller who never presses a key, with the host's clock driven by the test: main.json's menu
/// (5 s timeout, 3 retries, no-input prompt, then the general queue) is walked in seconds.
/// </summary>
public sealed class IvrMenuTimeoutTests(ManualClockIvrHost fixture) : IClassFixture<ManualClockIvrHost>, IDisposable
{
    private const string Standard = "+8613800000004";
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("tcc-ivr-timeout-");

    [Fact]
    public async Task Call_StandardCallerPressesNothing_HearsMenuAndNoInputUntilRetriesRunOutThenGeneralQueue()
    {
        using var phone = new CallerRtp();
        var prompts = fixture.Host.Services.GetRequiredService<PromptLibrary>();
        var queueWait = FramesOnlyIn(prompts, "queue-wait", ["welcome", "main-menu", "no-input"]);
        var scenario = Path.Combine(_folder.FullName, "silent.xml");
        await File.WriteAllTextAsync(scenario, IvrScenarios.Call(digitAfterMs: 0, pcap: null, hangUpAfterMs: 16000, mediaPort: "[rtp_port]"));

        var run = Sipp.RunAsync(scenario, fixture.Host.Udp,
            ["-s", "10000", "-key", "caller", Standard, "-key", "rtp_port", phone.Port.ToString(CultureInfo.InvariantCulture), "-m", "1"]);
        await fixture.WaitForCallAsync();
        await fixture.AdvanceUntilAsync(() => phone.Payloads is [.., var last] && queueWait.Contains(Convert.ToHexString(last)), TimeSpan.FromMinutes(3));
        var finished = await run;

        Assert.True(finished.ExitCode == 0 && finished.Successful == 1, finished.Describe());
        var path = await fixture.PathAsync(Standard, TelephonyFixture.CallIdOf(finished));
        Assert.Equal(4, path.Steps.Count(s => s.Kind == "NoInput"));
        Assert.Contains(path.Steps, s => s.Kind == "Decision" && s.Text.Contains("no input, 4 of 4 attempts used → general", StringComparison.Ordinal));
        Assert.Equal(("", "general"), (path.Digits, path.Queue));
        Assert.Equal(8, phone.PayloadType);
        var heard = PromptTrail.Decode(phone.Payloads, prompts, ["welcome", "main-menu", "no-input", "queue-wait"], G711Law.ALaw);
        Assert.Equal(
            ["welcome", "main-menu", "no-input", "main-menu", "no-input", "main-menu", "no-input", "main-menu", "queue-wait"],
            heard);
        Assert.Equal(0, fixture.Host.Services.GetRequiredService<RtpPortAllocator>().InUse);
    }

    public void Dispose() => _folder.Delete(recursive: true);

    private static HashSet<string> FramesOnlyIn(PromptLibrary prompts, string name, string[] others)
    {
        static IEnumerable<string> Frames(Prompt prompt) =>
            prompt.Encoded(G711Law.ALaw).ToArray().Chunk(160).Where(c => c.Length == 160).Select(Convert.ToHexString);

        var unique = Frames(prompts[name]).ToHashSet();
        unique.ExceptWith(others.SelectMany(o => Frames(prompts[o])));
        return unique;
    }
}
