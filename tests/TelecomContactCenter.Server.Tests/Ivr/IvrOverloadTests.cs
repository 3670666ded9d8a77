using TelecomContactCenter.Server.Tests.Telephony;
using TelecomContactCenter.Testing;

namespace TelecomContactCenter.Server.Tests.Ivr;

/// <summary>A host whose overload gate admits one INVITE being decided at a time.</summary>
public sealed class SingleSlotIvrHost : IAsyncLifetime
{
    public IvrHost Host { get; } = new(new OffsetTimeProvider(IvrHost.OfficeHours),
        new Dictionary<string, string> { ["Sip:Overload:MaxInFlightTransactions"] = "1" });

    public Task InitializeAsync() => ((IAsyncLifetime)Host).InitializeAsync();

    public Task DisposeAsync() => ((IAsyncLifetime)Host).DisposeAsync();
}

/// <summary>
/// The overload gate limits INVITEs being decided, not calls in progress: a caller listening to the IVR must not
/// hold the slot the next caller's INVITE needs.
/// </summary>
public sealed class IvrOverloadTests(SingleSlotIvrHost fixture) : IClassFixture<SingleSlotIvrHost>, IDisposable
{
    private const string Platinum = "+8613800000001";
    private readonly DirectoryInfo _scenarios = Directory.CreateTempSubdirectory("tcc-ivr-overload-");

    [Fact]
    public async Task TwoCallersOverlapping_WithOneAdmissionSlot_BothAreAnsweredByTheIvr()
    {
        var scenario = Path.Combine(_scenarios.FullName, "call.xml");
        await File.WriteAllTextAsync(scenario, IvrScenarios.Call(digitAfterMs: 0, pcap: null, hangUpAfterMs: 4000));

        // Two calls 500 ms apart, each in the IVR for 4 s: the second INVITE arrives while the first call is up.
        var run = await Sipp.RunAsync(scenario, fixture.Host.Udp, ["-s", "10000", "-key", "caller", Platinum, "-m", "2", "-r", "2", "-l", "2"]);

        Assert.True(run.ExitCode == 0 && run.Successful == 2, run.Describe());
        Assert.DoesNotContain("SIP/2.0 503", run.Messages, StringComparison.Ordinal);
    }

    public void Dispose() => _scenarios.Delete(recursive: true);
}
