using Microsoft.AspNetCore.Hosting;
using TelecomContactCenter.Server.Tests.Bridge;
using TelecomContactCenter.Server.Tests.Bss;
using TelecomContactCenter.Testing;

namespace TelecomContactCenter.Server.Tests.Calls;

/// <summary>The whole host for calls with customers read from an operator BSS (a local Kestrel server playing it).</summary>
public sealed class RestBssBridgeHost : BridgeHost
{
    public LocalBssServer Bss { get; private set; } = null!;

    public override async Task InitializeAsync()
    {
        Bss = await LocalBssServer.StartAsync(BssBehaviour.Healthy);
        await base.InitializeAsync();
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await Bss.DisposeAsync();
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Bss:Source", "Rest");
        builder.UseSetting("Bss:BaseUrl", Bss.BaseUrl.ToString());
    }
}

/// <summary>
/// One BSS request per queued call: the IVR greets the Platinum caller from the BSS profile and the agent's pop shows
/// the same customer, from one lookup the call owns. The agent accepts on the desktop and hangs up there, so the
/// caller (sipp) receives the service's BYE.
/// </summary>
public sealed class CustomerLookedUpOnceTests(RestBssBridgeHost host) : IClassFixture<RestBssBridgeHost>, IDisposable
{
    private const string Platinum = "+8613800000001";
    private readonly ScenarioFolder _scenarios = new();

    [Fact]
    public async Task QueuedCallWithRestBss_IvrAndPopShareOneLookup_TheBssIsAskedOnce()
    {
        await using var agent1 = await host.AvailableAgentAsync("agent1");
        var before = host.Bss.Requests;
        var caller = Sipp.RunAsync(_scenarios.Write("caller.xml", BridgeDesktopAnswerTests.CallerWaitingForBye()),
            host.Udp, ["-s", "10000", "-key", "caller", Platinum, "-m", "1", "-timeout", "60s"]);

        var pop = await agent1.NextAsync("ScreenPop", wait: TimeSpan.FromSeconds(40));
        var callId = pop.GetProperty("callId").GetString()!;
        await agent1.InvokeAsync("AcceptCall", Guid.NewGuid().ToString("N"), callId);
        await agent1.InvokeAsync("HangUp", Guid.NewGuid().ToString("N"), callId);
        var run = await caller;
        await BridgeHost.WrapUpAsync(agent1, pop, callId);
        await agent1.InvokeAsync("SetStatus", Guid.NewGuid().ToString("N"), "LoggedOut", null);

        Assert.True(run.ExitCode == 0 && run.Successful == 1, run.Describe());
        Assert.Equal("BSS Platinum", pop.GetProperty("customer").GetProperty("name").GetString());
        Assert.Equal(1, host.Bss.Requests - before);
    }

    public void Dispose() => _scenarios.Dispose();
}
