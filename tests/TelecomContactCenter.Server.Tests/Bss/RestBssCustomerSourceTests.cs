using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using TelecomContactCenter.Server.Bss;
using TelecomContactCenter.Server.Tests.Infrastructure;

namespace TelecomContactCenter.Server.Tests.Bss;

/// <summary>
/// The BSS client as the host registers it (Refit through IHttpClientFactory with its resilience handler), against a
/// real HTTP server on an ephemeral port.
/// </summary>
public sealed class RestBssCustomerSourceTests
{
    [Fact]
    public async Task FindByPhone_HealthyBss_ReturnsItsCustomer()
    {
        await using var bss = await LocalBssServer.StartAsync(BssBehaviour.Healthy);
        await using var services = Services(bss, Options());

        var result = await Source(services).FindByPhoneAsync("+8613800000001", CancellationToken.None);

        Assert.Equal(LookupOutcome.Found, result.Outcome);
        Assert.Equal("Platinum", result.Customer!.View.Tier);
        Assert.Equal("+8613800000001", result.Customer.View.Phone);
        Assert.Equal("Ms Zhou", result.Customer.View.AccountManager!.UserName);
    }

    [Fact]
    public async Task FindByPhone_ApiKeyConfigured_SentAsBearerToken()
    {
        await using var bss = await LocalBssServer.StartAsync(BssBehaviour.Healthy);
        var options = Options();
        options.ApiKey = "operator-secret";
        await using var services = Services(bss, options);

        await Source(services).FindByPhoneAsync("+8613800000001", CancellationToken.None);

        Assert.Equal("Bearer operator-secret", bss.LastAuthorization);
    }

    [Fact]
    public async Task FindByPhone_AnswerWithATierOutsideTheContract_UnavailableNotGuessed()
    {
        await using var bss = await LocalBssServer.StartAsync(BssBehaviour.OutsideContract);
        await using var services = Services(bss, Options());

        var result = await Source(services).FindByPhoneAsync("+8613800000001", CancellationToken.None);

        Assert.Equal(LookupOutcome.Unavailable, result.Outcome);
        Assert.Contains("unknown tier", result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FindByPhone_NumberUnknownToBss_ReturnsNotFound()
    {
        await using var bss = await LocalBssServer.StartAsync(BssBehaviour.Healthy);
        await using var services = Services(bss, Options());

        var result = await Source(services).FindByPhoneAsync("+8613900000000", CancellationToken.None);

        Assert.Equal(LookupOutcome.NotFound, result.Outcome);
        Assert.Equal(1, bss.Requests);
    }

    [Fact]
    public async Task FindByPhone_BssNeverAnswers_UnavailableWithinTheTotalTimeout()
    {
        await using var bss = await LocalBssServer.StartAsync(BssBehaviour.Hanging);
        await using var services = Services(bss, Options(attemptTimeout: TimeSpan.FromMilliseconds(300), totalTimeout: TimeSpan.FromSeconds(1)));

        // The BSS never answers, so only the client's own timeouts (on the real clock here) can end the lookup; the
        // test's far larger bound turns a hang into a failure without asserting wall-clock speed on a shared machine.
        var result = await Source(services).FindByPhoneAsync("+8613800000001", CancellationToken.None)
            .WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(LookupOutcome.Unavailable, result.Outcome);
        Assert.Contains("unavailable", result.Detail, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task FindByPhone_BssFails_RetriesThenUnavailable()
    {
        await using var bss = await LocalBssServer.StartAsync(BssBehaviour.Failing);
        await using var services = Services(bss, Options(), new FakeTimeProvider());

        var result = await Source(services).FindByPhoneAsync("+8613800000001", CancellationToken.None);

        Assert.Equal(LookupOutcome.Unavailable, result.Outcome);
        Assert.Equal(1 + 2, bss.Requests);
    }

    [Fact]
    public async Task FindByPhone_NoRetriesConfigured_AsksOnce()
    {
        await using var bss = await LocalBssServer.StartAsync(BssBehaviour.Failing);
        await using var services = Services(bss, Options(maxRetries: 0), new FakeTimeProvider());

        var result = await Source(services).FindByPhoneAsync("+8613800000001", CancellationToken.None);

        Assert.Equal(LookupOutcome.Unavailable, result.Outcome);
        Assert.Equal(1, bss.Requests);
    }

    [Fact]
    public async Task FindByPhone_BssKeepsFailing_CircuitOpensAndStopsCallingIt()
    {
        await using var bss = await LocalBssServer.StartAsync(BssBehaviour.Failing);
        await using var services = Services(bss, Options(), new FakeTimeProvider());
        var source = Source(services);
        await source.FindByPhoneAsync("+8613800000001", CancellationToken.None);
        await source.FindByPhoneAsync("+8613800000001", CancellationToken.None);
        var afterOpening = bss.Requests;

        var result = await source.FindByPhoneAsync("+8613800000001", CancellationToken.None);

        Assert.Equal(LookupOutcome.Unavailable, result.Outcome);
        Assert.Equal(afterOpening, bss.Requests);
    }

    [Fact]
    public async Task FindByPhone_BssRecoversAfterTheBreak_CircuitClosesAndLookupsSucceed()
    {
        var clock = new FakeTimeProvider();
        await using var bss = await LocalBssServer.StartAsync(BssBehaviour.Failing);
        await using var services = Services(bss, Options(breakDuration: TimeSpan.FromSeconds(30)), clock);
        var source = Source(services);
        await source.FindByPhoneAsync("+8613800000001", CancellationToken.None);
        await source.FindByPhoneAsync("+8613800000001", CancellationToken.None);
        bss.Behaviour = BssBehaviour.Healthy;
        var stillOpen = await source.FindByPhoneAsync("+8613800000001", CancellationToken.None);

        clock.Advance(TimeSpan.FromSeconds(31));
        var probe = await source.FindByPhoneAsync("+8613800000001", CancellationToken.None);
        var next = await source.FindByPhoneAsync("+8613800000001", CancellationToken.None);

        Assert.Equal(LookupOutcome.Unavailable, stillOpen.Outcome);
        Assert.Equal(LookupOutcome.Found, probe.Outcome);
        Assert.Equal(LookupOutcome.Found, next.Outcome);
    }

    private static BssOptions Options(
        int maxRetries = 2, TimeSpan? attemptTimeout = null, TimeSpan? totalTimeout = null, TimeSpan? breakDuration = null) => new()
        {
            Source = CustomerSourceKind.Rest,
            AttemptTimeout = attemptTimeout ?? TimeSpan.FromSeconds(5),
            TotalTimeout = totalTimeout ?? TimeSpan.FromSeconds(30),
            MaxRetries = maxRetries,
            RetryDelay = TimeSpan.Zero,
            BreakDuration = breakDuration ?? TimeSpan.FromSeconds(30),
        };

    [Fact]
    public async Task FindByPhone_RequestLogged_NumberInItsUriMasked()
    {
        await using var bss = await LocalBssServer.StartAsync(BssBehaviour.Healthy);
        var logs = new CapturedLogs();
        await using var services = Services(bss, Options(), logs: logs);

        await Source(services).FindByPhoneAsync("+8613800000001", CancellationToken.None);

        var lines = logs.Lines.ToList();
        Assert.Contains(lines, l => l.Contains("/customers/", StringComparison.Ordinal) && l.Contains("******01", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.Contains("13800000001", StringComparison.Ordinal));
    }

    private static ServiceProvider Services(LocalBssServer bss, BssOptions options, TimeProvider? clock = null, CapturedLogs? logs = null)
    {
        options.BaseUrl = bss.BaseUrl;
        var services = new ServiceCollection();
        services.AddLogging(logging =>
        {
            logging.SetMinimumLevel(logs is null ? LogLevel.Warning : LogLevel.Trace);
            if (logs is not null)
            {
                logging.AddProvider(logs);
            }
        });
        services.AddSingleton(clock ?? TimeProvider.System);
        services.AddSingleton(Microsoft.Extensions.Options.Options.Create(options));
        services.AddBssClient();
        return services.BuildServiceProvider();
    }

    private static RestBssCustomerSource Source(ServiceProvider services) =>
        services.CreateScope().ServiceProvider.GetRequiredService<RestBssCustomerSource>();
}
