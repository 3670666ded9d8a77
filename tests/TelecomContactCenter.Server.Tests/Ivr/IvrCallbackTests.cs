using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using TelecomContactCenter.Media.Codecs;
using TelecomContactCenter.Media.Prompts;
using TelecomContactCenter.Server.Tests.Infrastructure;
using TelecomContactCenter.Server.Tests.Telephony;
using TelecomContactCenter.Testing;

namespace TelecomContactCenter.Server.Tests.Ivr;

/// <summary>
/// Out of hours, a real sipp caller presses 1 for a callback: the request is stored with the caller, tier, queue and
/// the next opening as its due time, listed for supervisors, and can be marked done once.
/// </summary>
public sealed class IvrCallbackTests(OutOfHoursIvrHost fixture) : IClassFixture<OutOfHoursIvrHost>, IDisposable
{
    private const string Standard = "+8613800000004";
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("tcc-ivr-callback-");

    [Fact]
    public async Task Call_OutOfHoursCallerPresses1_CallbackStoredDueAtNextOpeningAndCompletedOnce()
    {
        using var phone = new CallerRtp();
        var prompts = fixture.Host.Services.GetRequiredService<PromptLibrary>();
        var offer = FramesOnlyIn(prompts, "callback-offer", ["out-of-hours", "callback-confirmed", "goodbye"]);
        var scenario = Path.Combine(_folder.FullName, "callback.xml");
        await File.WriteAllTextAsync(scenario, IvrScenarios.CallUntilHungUp("[rtp_port]"));

        var run = Sipp.RunAsync(scenario, fixture.Host.Udp,
            ["-s", "10000", "-key", "caller", Standard, "-key", "rtp_port", phone.Port.ToString(CultureInfo.InvariantCulture), "-m", "1"]);
        await fixture.WaitForCallAsync();
        await fixture.AdvanceUntilAsync(() => Heard(phone, offer), TimeSpan.FromMinutes(1));
        await phone.PressAsync('1');
        var hangingUp = run;
        await fixture.AdvanceUntilAsync(() => hangingUp.IsCompleted, TimeSpan.FromMinutes(1));
        var finished = await run;

        Assert.True(finished.ExitCode == 0 && finished.Successful == 1, finished.Describe());
        var callId = TelephonyFixture.CallIdOf(finished);
        var path = await fixture.PathAsync(Standard, callId);
        Assert.Equal(("1", "callbacks"), (path.Digits, path.CallbackQueue));
        Assert.Equal(["out-of-hours", "callback-offer", "callback-confirmed", "goodbye"],
            PromptTrail.Decode(phone.Payloads, prompts, ["out-of-hours", "callback-offer", "callback-confirmed", "goodbye"], G711Law.ALaw));
        using var supervisor = await ClientForAsync("supervisor1");
        var callbacks = await supervisor.GetFromJsonAsync<JsonElement>("/api/callbacks?status=pending");
        var booked = Assert.Single(callbacks.EnumerateArray(), c => c.GetProperty("callId").GetString() == callId);
        Assert.Equal(Standard, booked.GetProperty("callerNumber").GetString());
        Assert.Equal("callbacks", booked.GetProperty("queue").GetString());
        Assert.Equal("Standard", booked.GetProperty("tier").GetString());
        Assert.Equal(new DateTimeOffset(2026, 11, 9, 8, 0, 0, TimeSpan.FromHours(8)), booked.GetProperty("dueAt").GetDateTimeOffset());
        var id = booked.GetProperty("id").GetInt64();
        using var agent = await ClientForAsync("agent1");
        var done = await agent.PostAsync($"/api/callbacks/{id}/done", null);
        var again = await supervisor.PostAsync($"/api/callbacks/{id}/done", null);
        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.Conflict), (done.StatusCode, again.StatusCode));
        var completed = await supervisor.GetFromJsonAsync<JsonElement>("/api/callbacks?status=done");
        Assert.Contains(completed.EnumerateArray(), c => c.GetProperty("id").GetInt64() == id && c.GetProperty("completedBy").GetString() == "agent1");
    }

    [Theory]
    [InlineData("supervisor1", "/api/callbacks?status=someday", HttpStatusCode.BadRequest)]
    [InlineData("agent1", "/api/callbacks?status=done", HttpStatusCode.Forbidden)]
    [InlineData("agent1", "/api/callbacks", HttpStatusCode.OK)]
    public async Task List_Filters_AnswerWithProblemDetailsOnBadInput(string user, string url, HttpStatusCode expected)
    {
        using var client = await ClientForAsync(user);

        var response = await client.GetAsync(url);

        Assert.Equal(expected, response.StatusCode);
        if (expected != HttpStatusCode.OK)
        {
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }
    }

    [Fact]
    public async Task Done_UnknownCallback_Is404ProblemDetails()
    {
        using var client = await ClientForAsync("agent2");

        var response = await client.PostAsync("/api/callbacks/987654/done", null);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    public void Dispose() => _folder.Delete(recursive: true);

    private static bool Heard(CallerRtp phone, HashSet<string> frames) => phone.Payloads.Any(p => frames.Contains(Convert.ToHexString(p)));

    private static HashSet<string> FramesOnlyIn(PromptLibrary prompts, string name, string[] others)
    {
        static IEnumerable<string> Frames(Prompt prompt) =>
            prompt.Encoded(G711Law.ALaw).ToArray().Chunk(160).Where(c => c.Length == 160).Select(Convert.ToHexString);

        var unique = Frames(prompts[name]).ToHashSet();
        unique.ExceptWith(others.SelectMany(o => Frames(prompts[o])));
        return unique;
    }

    private async Task<HttpClient> ClientForAsync(string userName)
    {
        var client = fixture.Host.CreateClient();
        var response = await client.PostAsJsonAsync("/api/auth/login", new { userName, password = ServerFixture.Password });
        response.EnsureSuccessStatusCode();
        var token = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }
}
