using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using TelecomContactCenter.Server.Bss;

namespace TelecomContactCenter.Server.Tests.Bss;

public sealed class RestBssCustomerSourceTests
{
    private static readonly BssOptions Options = new()
    {
        Source = CustomerSourceKind.Rest,
        AttemptTimeout = TimeSpan.FromMilliseconds(300),
        TotalTimeout = TimeSpan.FromSeconds(1),
        MaxRetries = 2,
        BreakDuration = TimeSpan.FromSeconds(30),
    };

    // For tests that count attempts: the total timeout is not what they are about, and a loaded machine that took
    // a second over the first attempts must not turn "retried twice" into "retried once".
    private static readonly BssOptions Patient = new()
    {
        Source = CustomerSourceKind.Rest,
        AttemptTimeout = Options.AttemptTimeout,
        TotalTimeout = TimeSpan.FromSeconds(30),
        MaxRetries = Options.MaxRetries,
        BreakDuration = Options.BreakDuration,
    };

    [Fact]
    public async Task FindByPhone_HealthyBss_ReturnsItsCustomer()
    {
        await using var bss = await LocalBssServer.StartAsync(BssBehaviour.Healthy);
        using var http = new HttpClient { BaseAddress = bss.BaseUrl };

        var result = await Source(http).FindByPhoneAsync("+8613800000001", CancellationToken.None);

        Assert.Equal(LookupOutcome.Found, result.Outcome);
        Assert.Equal("Platinum", result.Customer!.View.Tier);
        Assert.Equal("Ms Zhou", result.Customer.View.AccountManager!.DisplayName);
    }

    [Fact]
    public async Task FindByPhone_NumberUnknownToBss_ReturnsNotFound()
    {
        await using var bss = await LocalBssServer.StartAsync(BssBehaviour.Healthy);
        using var http = new HttpClient { BaseAddress = bss.BaseUrl };

        var result = await Source(http).FindByPhoneAsync("+8613900000000", CancellationToken.None);

        Assert.Equal(LookupOutcome.NotFound, result.Outcome);
    }

    [Fact]
    public async Task FindByPhone_BssNeverAnswers_UnavailableWithinTheTotalTimeout()
    {
        await using var bss = await LocalBssServer.StartAsync(BssBehaviour.Hanging);
        using var http = new HttpClient { BaseAddress = bss.BaseUrl };

        // The BSS never answers, so only the source's own timeout can end the lookup; the test's far larger bound
        // turns a hang into a failure without asserting wall-clock speed on a shared machine.
        var result = await Source(http).FindByPhoneAsync("+8613800000001", CancellationToken.None)
            .WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(LookupOutcome.Unavailable, result.Outcome);
        Assert.Contains("unavailable", result.Detail, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task FindByPhone_BssFails_RetriesThenUnavailable()
    {
        await using var bss = await LocalBssServer.StartAsync(BssBehaviour.Failing);
        using var http = new HttpClient { BaseAddress = bss.BaseUrl };

        var result = await Source(http, Patient).FindByPhoneAsync("+8613800000001", CancellationToken.None);

        Assert.Equal(LookupOutcome.Unavailable, result.Outcome);
        Assert.Equal(1 + Options.MaxRetries, bss.Requests);
    }

    [Fact]
    public async Task FindByPhone_BssKeepsFailing_CircuitOpensAndStopsCallingIt()
    {
        await using var bss = await LocalBssServer.StartAsync(BssBehaviour.Failing);
        using var http = new HttpClient { BaseAddress = bss.BaseUrl };
        var source = Source(http, Patient);
        await source.FindByPhoneAsync("+8613800000001", CancellationToken.None);
        await source.FindByPhoneAsync("+8613800000001", CancellationToken.None);
        var afterOpening = bss.Requests;

        var result = await source.FindByPhoneAsync("+8613800000001", CancellationToken.None);

        Assert.Equal(LookupOutcome.Unavailable, result.Outcome);
        Assert.Equal(afterOpening, bss.Requests);
    }

    private static RestBssCustomerSource Source(HttpClient http, BssOptions? options = null) =>
        new(http, new BssResiliencePipeline(Microsoft.Extensions.Options.Options.Create(options ?? Options), TimeProvider.System),
            NullLogger<RestBssCustomerSource>.Instance);
}
