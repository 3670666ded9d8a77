using Microsoft.Extensions.DependencyInjection;
using TelecomContactCenter.Media.Ports;
using TelecomContactCenter.Server.Tests.Telephony;
using TelecomContactCenter.Testing;

namespace TelecomContactCenter.Server.Tests.Ivr;

/// <summary>
/// A real sipp caller that sends an INVITE without SDP and never ACKs our 200 with the offer; the host's clock is
/// driven by the test so Timer L (64 × T1) runs out in a moment.
/// </summary>
public sealed class IvrLateOfferTimeoutTests(ManualClockIvrHost fixture) : IClassFixture<ManualClockIvrHost>, IDisposable
{
    private const string Standard = "+8613800000004";
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("tcc-ivr-late-");

    [Fact]
    public async Task Call_LateOfferNeverAcknowledged_EndsAtTimerLWithPortsReleasedAndRecordSaysWhy()
    {
        var scenario = Path.Combine(_folder.FullName, "no-ack.xml");
        await File.WriteAllTextAsync(scenario, IvrScenarios.LateOfferNeverAcknowledged());
        var ports = fixture.Host.Services.GetRequiredService<RtpPortAllocator>();

        var run = Sipp.RunAsync(scenario, fixture.Host.Udp, ["-s", "10000", "-key", "caller", Standard, "-m", "1"]);
        await fixture.WaitForCallAsync();
        await fixture.AdvanceUntilAsync(() => ports.InUse == 0, TimeSpan.FromMinutes(1));
        var finished = await run;

        Assert.True(finished.ExitCode == 0 && finished.Successful == 1, finished.Describe());
        var callId = TelephonyFixture.CallIdOf(finished);
        var path = await fixture.PathAsync(Standard, callId);
        Assert.Equal("late offer: the call ended before an ACK brought the SDP answer", path.End);
        var record = await fixture.Host.RecordAsync(callId);
        Assert.Equal((200, "no-media"), (record.StatusCode, record.Disposition));
    }

    public void Dispose() => _folder.Delete(recursive: true);
}
