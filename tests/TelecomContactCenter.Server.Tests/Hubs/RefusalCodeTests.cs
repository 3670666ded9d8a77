using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.SignalR;
using TelecomContactCenter.Server.Tests.Web;
using TelecomContactCenter.Server.Web;
using TelecomContactCenter.Testing;

namespace TelecomContactCenter.Server.Tests.Hubs;

/// <summary>
/// Refusals reach the desktop with a stable code it can say in the agent's language: hub errors start with
/// "[code]", ProblemDetails carry a "code" extension, and every code the server sends has desktop text in zh-CN and en.
/// </summary>
public sealed partial class RefusalCodeTests(HubServerFixture fixture) : IClassFixture<HubServerFixture>
{
    [Fact]
    public async Task HubRefusals_CallControlReasonCaptureAndComplaintTrigger_CarryTheirCodeInBrackets()
    {
        await using var agent1 = await fixture.AgentAsync("agent1");
        using var api = await fixture.ApiAsync("agent1");
        var created = await api.PostAsJsonAsync("/api/complaints", new { customerPhone = "+8613800000004", category = "ETH", summary = "refusal codes" });
        var complaint = await created.Content.ReadFromJsonAsync<JsonElement>();

        var hangUp = await Assert.ThrowsAsync<HubException>(() => agent1.InvokeAsync("HangUp", NewRequestId(), "nobody@test"));
        var capture = await Assert.ThrowsAsync<HubException>(() => agent1.InvokeAsync("CaptureReason", NewRequestId(),
            new { customerId = 1, callId = (string?)null, kind = "ContactReason", code = "NO-SUCH-CODE", note = (string?)null }));
        var withdraw = await Assert.ThrowsAsync<HubException>(() => agent1.InvokeAsync("FireComplaintTrigger", NewRequestId(),
            complaint.GetProperty("id").GetString(), "Withdraw", null, null));

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        // SignalR puts "An unexpected error occurred invoking 'X' on the server. HubException: " before the message.
        Assert.Contains("HubException: [call.notYours] ", hangUp.Message, StringComparison.Ordinal);
        Assert.Contains("HubException: [reason.unknownCode] ", capture.Message, StringComparison.Ordinal);
        Assert.Contains("HubException: [complaint.reasonRequired] ", withdraw.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RestRefusals_TriggerWithoutReasonAndZeroPercentDiscount_CarryTheCodeExtension()
    {
        using var api = await fixture.ApiAsync("agent1");
        var created = await api.PostAsJsonAsync("/api/complaints", new { customerPhone = "+8613800000004", category = "INCONV", summary = "refusal codes" });
        var complaint = await created.Content.ReadFromJsonAsync<JsonElement>();

        var withdraw = await api.PostAsJsonAsync($"/api/complaints/{complaint.GetProperty("id").GetString()}/triggers", new { trigger = "Withdraw" });
        var discount = await api.PostAsJsonAsync("/api/discounts", new { customerId = complaint.GetProperty("customerId").GetInt64(), percent = 0, months = 1, reason = "test" });

        Assert.Equal(HttpStatusCode.BadRequest, withdraw.StatusCode);
        Assert.Equal("complaint.reasonRequired", (await withdraw.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, discount.StatusCode);
        Assert.Equal("discount.invalid", (await discount.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
    }

    [Fact]
    public void EveryCodeTheServerSends_IsListedAndHasChineseAndEnglishDesktopText()
    {
        var root = RepositoryFiles.Root();
        var server = Path.Combine(root, "src", "TelecomContactCenter.Server");
        var used = Directory.EnumerateFiles(server, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .SelectMany(f => CodeUse().Matches(File.ReadAllText(f)).Select(m => m.Groups["code"].Value))
            .ToHashSet(StringComparer.Ordinal);
        var resources = File.ReadAllText(Path.Combine(server, "wwwroot", "js", "i18n", "refusals.js"));
        var zhStart = resources.IndexOf("\"zh-CN\": {", StringComparison.Ordinal);
        var english = Texts(resources[..zhStart]);
        var chinese = Texts(resources[zhStart..]);

        Assert.True(used.Count >= 30, $"only {used.Count} codes found in the sources: the pattern no longer matches how refusals are made");
        Assert.Equal([], used.Except(Refusal.Codes).ToArray());
        Assert.Equal([], Refusal.Codes.Where(c => !english.ContainsKey(c)).ToArray());
        Assert.Equal([], Refusal.Codes.Where(c => !chinese.TryGetValue(c, out var text) || !HasChinese().IsMatch(text)).ToArray());
    }

    private static Dictionary<string, string> Texts(string section) =>
        ResourceLine().Matches(section).ToDictionary(m => m.Groups["code"].Value, m => m.Groups["text"].Value, StringComparer.Ordinal);

    private static string NewRequestId() => Guid.NewGuid().ToString("N");

    // How the server names a code: a desk refusal, a result's Fail, a hub message, a ProblemDetails extension, a fallback.
    [GeneratedRegex(""""(?:DeskRefusedException\(|Fail\(StatusCodes\.\w+, |HubMessage\(|Refusal\.Extension\] = |Code \?\? )"(?<code>[a-z][A-Za-z]*\.[A-Za-z]+)"""")]
    private static partial Regex CodeUse();

    [GeneratedRegex("""^\s*"refusal\.(?<code>[a-z][A-Za-z]*\.[A-Za-z]+)": "(?<text>[^"]*)",""", RegexOptions.Multiline)]
    private static partial Regex ResourceLine();

    [GeneratedRegex(@"\p{IsCJKUnifiedIdeographs}")]
    private static partial Regex HasChinese();
}
