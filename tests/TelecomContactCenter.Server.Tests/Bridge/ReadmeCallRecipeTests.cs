using System.Text.Json;
using TelecomContactCenter.Server.Tests.Telephony;
using TelecomContactCenter.Testing;

namespace TelecomContactCenter.Server.Tests.Bridge;

/// <summary>
/// README, "Place a call": the shipped sipp scenario (scripts/sipp/caller.xml) with the README's numbers reaches
/// agent1's desktop with the pop a user is told to expect (a VIP, a caller with an open complaint, an unknown number
/// and a withheld one, the last two through the menu by the key the scenario presses), and the agent's Hang up
/// releases the caller, whose scenario ends without error.
/// </summary>
public sealed class ReadmeCallRecipeTests(BridgeHost host) : IClassFixture<BridgeHost>
{
    public static TheoryData<string, string?> Callers => new()
    {
        { "+8613800000001", "张伟" },
        { "+8613800000006", "刘洋" },
        { "+8617700000099", null },
        { "anonymous", null },
    };

    [Theory]
    [MemberData(nameof(Callers))]
    public async Task ReadmeCaller_ShippedScenario_PopsOnTheDesktopAndEndsWhenTheAgentHangsUp(string caller, string? customerName)
    {
        var scenario = Path.Combine(RepositoryFiles.Root(), "scripts", "sipp", "caller.xml");
        await using var agent1 = await host.AvailableAgentAsync("agent1");
        var call = Sipp.RunAsync(scenario, host.Udp, ["-s", "10000", "-key", "caller", caller, "-m", "1", "-timeout", "150s"],
            deadline: TimeSpan.FromSeconds(170));

        var pop = await agent1.NextAsync("ScreenPop", wait: TimeSpan.FromSeconds(60));
        var callId = pop.GetProperty("callId").GetString()!;
        await agent1.InvokeAsync("AcceptCall", Guid.NewGuid().ToString("N"), callId);
        await agent1.InvokeAsync("HangUp", Guid.NewGuid().ToString("N"), callId);
        var run = await call;
        await BridgeHost.WrapUpAsync(agent1, pop, callId);
        await agent1.InvokeAsync("SetStatus", Guid.NewGuid().ToString("N"), "LoggedOut", null);

        Assert.True(run.ExitCode == 0 && run.Successful == 1, run.Describe());
        Assert.Contains("BYE sip:", run.Messages, StringComparison.Ordinal);
        Assert.Equal(TelephonyFixture.CallIdOf(run), callId);
        var customer = pop.GetProperty("customer");
        Assert.Equal(customerName, customer.ValueKind == JsonValueKind.Null ? null : customer.GetProperty("name").GetString());
        var number = pop.GetProperty("caller").TryGetProperty("e164", out var e164) && e164.ValueKind == JsonValueKind.String ? e164.GetString() : null;
        Assert.Equal(caller == "anonymous" ? null : caller, number);
    }
}
