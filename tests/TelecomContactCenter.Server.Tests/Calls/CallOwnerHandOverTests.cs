using Microsoft.Extensions.DependencyInjection;
using TelecomContactCenter.Core.Routing;
using TelecomContactCenter.Server.Calls;
using TelecomContactCenter.Server.Ivr;
using TelecomContactCenter.Server.Tests.Bridge;
using TelecomContactCenter.Testing;

namespace TelecomContactCenter.Server.Tests.Calls;

/// <summary>
/// The IVR lets go of a call once it has handed it to the queue: the call's owner carries its end from there, and a
/// stopping host ends it. A real host (sipp caller behind a trusted trunk, the shipped flows, no agent available) of
/// its own, since the test stops it.
/// </summary>
public sealed class CallOwnerHandOverTests : IDisposable
{
    private const string Platinum = "+8613800000001";
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);
    private readonly ScenarioFolder _scenarios = new();

    [Fact]
    public async Task QueuedCaller_IvrHasReturned_HostStopping_CallerGetsByeAndTheCallIsAbandoned()
    {
        var host = new BridgeHost();
        await host.InitializeAsync();
        var callId = $"handover-{Guid.NewGuid():N}";
        Call? call;
        int inIvr, ending;
        SippRun caller;
        try
        {
            var book = host.Services.GetRequiredService<CallBook>();
            var ivr = host.Services.GetRequiredService<IvrCallRuntime>();
            var calling = Sipp.RunAsync(_scenarios.Write("caller.xml", BridgeDesktopAnswerTests.CallerWaitingForBye()), host.Udp,
                ["-s", "10000", "-key", "caller", Platinum, "-m", "1", "-cid_str", callId, "-timeout", "30s"]);

            // A Platinum caller is queued in the flow's first step; nobody is available, so the call waits.
            call = await UntilAsync(() => book.Find(new CallId(callId)) is { State: CallState.Queued } queued && book.Ending == 1 ? queued : null);
            (inIvr, ending) = (ivr.ActiveCalls, book.Ending);
            await ((IAsyncDisposable)host).DisposeAsync();
            caller = await calling;
        }
        finally
        {
            await ((Xunit.IAsyncLifetime)host).DisposeAsync();
        }

        Assert.Equal((0, 1), (inIvr, ending));
        Assert.True(caller.ExitCode == 0 && caller.Successful == 1, caller.Describe());
        Assert.Equal(CallState.Abandoned, call.State);
    }

    public void Dispose() => _scenarios.Dispose();

    private static async Task<T> UntilAsync<T>(Func<T?> found)
        where T : class
    {
        using var deadline = new CancellationTokenSource(Wait);
        while (true)
        {
            if (found() is { } value)
            {
                return value;
            }

            await Task.Delay(50, deadline.Token);
        }
    }
}
