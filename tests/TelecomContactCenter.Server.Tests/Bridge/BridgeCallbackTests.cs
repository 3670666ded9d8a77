using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TelecomContactCenter.Core.Routing;
using TelecomContactCenter.Server.Calls;
using TelecomContactCenter.Server.Data;
using TelecomContactCenter.Server.Ivr.Callbacks;
using TelecomContactCenter.Server.Tests.Hubs;
using TelecomContactCenter.Server.Tests.Telephony;
using TelecomContactCenter.Testing;

namespace TelecomContactCenter.Server.Tests.Bridge;

/// <summary>
/// A booked callback falls due: agent1's desktop gets the pop marked as a callback, agent1's sipp phone (registered
/// with digest) rings and answers, and only then is the customer dialled through the outbound trunk (a sipp UAS).
/// The customer answers, the legs are relayed both ways, the customer hangs up, and the callback and the interaction
/// record say what happened. All real peers.
/// </summary>
public sealed class BridgeCallbackTests(BridgeHost host) : IClassFixture<BridgeHost>, IDisposable
{
    internal const string Customer = "+8613800000004";
    private readonly ScenarioFolder _scenarios = new();

    [Fact]
    public async Task DueCallback_AgentPhoneAndCustomerAnswer_DialsTheCustomerAfterTheAgentBridgesAndMarksItDone()
    {
        await using var agent1 = await host.AvailableAgentAsync("agent1");

        var run = await RunDueCallbackAsync(agent1, BridgeScenarios.AnsweringPhone(ringMs: 500), CallbackScenarios.AnsweringTrunk(hangUpAfterMs: 3000));
        using var api = await host.ApiAsync("agent1");
        var record = (await api.GetFromJsonAsync<JsonElement>($"/api/interactions?callId={Uri.EscapeDataString(run.CallId)}")).EnumerateArray().Single();

        Assert.StartsWith("Callback requested ", run.Pop.GetProperty("callback").GetString(), StringComparison.Ordinal);
        Assert.Equal(Customer, run.Pop.GetProperty("caller").GetProperty("e164").GetString());
        Assert.NotEqual(JsonValueKind.Null, run.Pop.GetProperty("customer").ValueKind);
        Assert.True(run.Phone.ExitCode == 0 && run.Phone.Successful == 1, run.Phone.Describe());
        Assert.True(run.Trunk.ExitCode == 0 && run.Trunk.Successful == 1, run.Trunk.Describe());
        Assert.Contains($"INVITE sip:{Customer}@127.0.0.1:{host.TrunkPort} SIP/2.0", run.Trunk.Messages, StringComparison.Ordinal);
        Assert.Contains($"X-Call-Id: {run.CallId}", run.Phone.Messages, StringComparison.Ordinal);
        Assert.True(host.Callbacks.RelayedToAgent > 50, $"customer → agent: {host.Callbacks.RelayedToAgent} packets");
        Assert.True(host.Callbacks.RelayedToCustomer > 50, $"agent → customer: {host.Callbacks.RelayedToCustomer} packets");
        Assert.Equal((CallbackStatus.Done, "agent1", 0), (run.Row.Status, run.Row.CompletedBy, run.Row.Attempts));
        Assert.Equal("Callback", record.GetProperty("channel").GetString());
        Assert.Equal("agent1", record.GetProperty("agent").GetString());
        Assert.Equal(Customer, record.GetProperty("callerE164").GetString());
        Assert.InRange(record.GetProperty("talkSeconds").GetDouble(), 2, 10);
    }

    [Fact]
    public async Task DueCallback_AgentPhoneHoldsAndResumesTheCustomer_TheTrunkReceivesBothReInvitesAndEachSideGetsTheAgreedDirection()
    {
        await using var agent1 = await host.AvailableAgentAsync("agent1");

        var run = await RunDueCallbackAsync(agent1, HoldScenarios.HoldingPhone(holdAfterMs: 2000), CallbackScenarios.HeldCustomer());

        Assert.True(run.Phone.ExitCode == 0 && run.Phone.Successful == 1, run.Phone.Describe());
        Assert.True(run.Trunk.ExitCode == 0 && run.Trunk.Successful == 1, run.Trunk.Describe());
        Assert.Contains("a=sendonly", run.Trunk.Messages, StringComparison.Ordinal);
        Assert.Contains("a=recvonly", run.Phone.Messages, StringComparison.Ordinal);
        Assert.Equal(CallbackStatus.Done, run.Row.Status);
    }

    [Fact]
    public async Task DueCallback_TrunkAsksForDigest_TheServiceAnswersWithTheConfiguredCredentialsAndTheCustomerIsConnected()
    {
        await using var agent1 = await host.AvailableAgentAsync("agent1");

        var run = await RunDueCallbackAsync(agent1, BridgeScenarios.AnsweringPhone(ringMs: 300),
            CallbackScenarios.ChallengingTrunk(BridgeHost.TrunkUser, BridgeHost.TrunkPassword, hangUpAfterMs: 2000));

        Assert.True(run.Trunk.ExitCode == 0 && run.Trunk.Successful == 1, run.Trunk.Describe());
        Assert.True(run.Phone.ExitCode == 0 && run.Phone.Successful == 1, run.Phone.Describe());
        Assert.Contains($"Authorization: Digest username=\"{BridgeHost.TrunkUser}\", realm=\"trunk.example\"", run.Trunk.Messages, StringComparison.Ordinal);
        Assert.Contains("CSeq: 2 INVITE", run.Trunk.Messages, StringComparison.Ordinal);
        Assert.Equal((CallbackStatus.Done, 0), (run.Row.Status, run.Row.Attempts));
    }

    [Fact]
    public async Task DueCallback_IsOneCallInTheBook_WithTheCustomerDialledOut_FromOfferedToCompletedAtWrapUp()
    {
        await using var agent1 = await host.AvailableAgentAsync("agent1");
        Call? offered = null;
        CallState? whileOffered = null;

        var run = await RunDueCallbackAsync(agent1, BridgeScenarios.AnsweringPhone(ringMs: 300), CallbackScenarios.AnsweringTrunk(hangUpAfterMs: 1000),
            callId =>
            {
                offered = host.Services.GetRequiredService<CallBook>().Find(new CallId(callId));
                whileOffered = offered?.State;
            });

        Assert.NotNull(offered);
        Assert.Equal(run.Row.Id, offered.Callback?.Id);
        Assert.Null(offered.CallerLeg);
        Assert.NotNull(offered.CustomerLeg?.Sip);
        // Ringing the agent when the pop arrived, or already connected if the phone's answer came first.
        Assert.True(whileOffered is CallState.Ringing or CallState.Connected, $"while offered: {whileOffered}");
        Assert.Equal(CallState.Completed, offered.State);
        Assert.Null(host.Services.GetRequiredService<CallBook>().Find(new CallId(run.CallId)));
    }

    public void Dispose() => _scenarios.Dispose();

    /// <summary>
    /// agent1's registered sipp phone runs <paramref name="phoneScenario"/> and the trunk (sipp on the outbound trunk
    /// port) <paramref name="trunkScenario"/>; a callback falls due, and once the call is over agent1 finishes
    /// wrap-up, so the next test finds the agent free. <paramref name="popped"/> sees the call id as the pop arrives.
    /// </summary>
    private async Task<CallbackRun> RunDueCallbackAsync(HubTestClient agent1, string phoneScenario, string trunkScenario, Action<string>? popped = null)
    {
        var phone = await RegisteredPhoneAsync(host, _scenarios, "agent1");
        var phoneRun = Sipp.RunAsync(_scenarios.Write("phone.xml", phoneScenario), host.Udp, ["-p", phone, "-m", "1", "-timeout", "25s"]);
        var trunkRun = Sipp.RunAsync(_scenarios.Write("trunk.xml", trunkScenario), host.Udp, ["-p", host.TrunkPort, "-m", "1", "-timeout", "25s"]);

        var booked = await BookDueCallbackAsync(host);
        var pop = await agent1.NextAsync("ScreenPop", wait: TimeSpan.FromSeconds(10));
        popped?.Invoke(pop.GetProperty("callId").GetString()!);
        var phoneDone = await phoneRun;
        var trunk = await trunkRun;
        await agent1.NextAsync("CallStateChanged", s => s.GetProperty("state").GetString() == "WrapUp", TimeSpan.FromSeconds(10));
        var callId = pop.GetProperty("callId").GetString()!;
        await BridgeHost.WrapUpAsync(agent1, pop, callId);
        return new CallbackRun(pop, callId, phoneDone, trunk, await CallbackAsync(host, booked.Id));
    }

    private sealed record CallbackRun(JsonElement Pop, string CallId, SippRun Phone, SippRun Trunk, CallbackRequest Row);

    internal static async Task<string> RegisteredPhoneAsync(BridgeHost host, ScenarioFolder scenarios, string agent)
    {
        var port = ScenarioFolder.FreePort();
        var registered = await Sipp.RunAsync(scenarios.Write("register.xml", BridgeScenarios.Register(agent)), host.Udp, ["-p", port, "-m", "1"]);
        Assert.True(registered.ExitCode == 0, registered.Describe());
        return port;
    }

    /// <summary>A Standard customer's callback in the general queue, booked yesterday and due now.</summary>
    internal static Task<CallbackRequest> BookDueCallbackAsync(BridgeHost host)
    {
        var now = host.Services.GetRequiredService<TimeProvider>().GetUtcNow();
        return host.Services.GetRequiredService<CallbackBook>().BookAsync(new CallbackRequest
        {
            CallId = $"ivr-{Guid.NewGuid():N}",
            CallerNumber = Customer,
            Tier = "Standard",
            Priority = 0,
            Queue = "general",
            Flow = "main",
            RequestedAt = now.AddHours(-14),
            DueAt = now,
            Status = CallbackStatus.Pending,
        }, CancellationToken.None);
    }

    internal static async Task<CallbackRequest> CallbackAsync(BridgeHost host, long id)
    {
        await using var scope = host.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ContactCenterDbContext>().Set<CallbackRequest>().AsNoTracking().SingleAsync(c => c.Id == id);
    }
}
