using System.Net;
using System.Net.Http.Json;
using Polly;
using Polly.CircuitBreaker;
using Polly.Timeout;
using TelecomContactCenter.Server.Customers;
using TelecomContactCenter.Server.Profiles;

namespace TelecomContactCenter.Server.Bss;

/// <summary>The BSS's answer for one subscriber (the integration contract documented in docs/bss.md).</summary>
internal sealed record BssCustomer(
    long Id, string Phone, string Name, string Tier, string TierReason, string LifecycleStage, string StageReason,
    string ChurnBand, decimal Clv, string? AccountManager);

/// <summary>
/// Looks customers up in the operator's BSS. Every call runs through one resilience pipeline (total timeout, retry,
/// circuit breaker, per-attempt timeout), so a slow or failing BSS turns into <see cref="LookupOutcome.Unavailable"/>
/// within <see cref="BssOptions.TotalTimeout"/> and never holds a call. The pipeline is shared (the breaker must
/// see every call) and is thread-safe.
/// </summary>
internal sealed partial class RestBssCustomerSource(HttpClient http, BssResiliencePipeline pipeline, ILogger<RestBssCustomerSource> logger)
    : ICustomerSource
{
    public async Task<CustomerLookupResult> FindByPhoneAsync(string e164, CancellationToken cancellationToken)
    {
        try
        {
            return await pipeline.Pipeline.ExecuteAsync(
                async token =>
                {
                    using var response = await http.GetAsync($"customers/{Uri.EscapeDataString(e164)}", token);
                    if (response.StatusCode == HttpStatusCode.NotFound)
                    {
                        return CustomerLookupResult.NotFound;
                    }

                    response.EnsureSuccessStatusCode();
                    var customer = await response.Content.ReadFromJsonAsync<BssCustomer>(token)
                        ?? throw new HttpRequestException("BSS returned an empty body.");
                    return CustomerLookupResult.Found(new CustomerRecord(ToView(customer)));
                },
                cancellationToken);
        }
        catch (Exception ex) when (ex is HttpRequestException or TimeoutRejectedException or BrokenCircuitException
            or System.Text.Json.JsonException || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            LogUnavailable(logger, ex.GetType().Name);
            return CustomerLookupResult.Unavailable($"Profile unavailable: the BSS did not answer ({ex.GetType().Name}).");
        }
    }

    private static CustomerView ToView(BssCustomer c) => new(
        c.Id, c.Phone, c.Name, "Active", false, 0, c.Tier, c.TierReason, [], c.LifecycleStage, [], c.StageReason,
        0, c.ChurnBand, c.Clv, c.AccountManager is null ? null : new AccountManagerView(null, c.AccountManager, "", ""),
        null, [], [], [], DateTimeOffset.MinValue);

    [LoggerMessage(Level = LogLevel.Warning, Message = "BSS customer lookup unavailable ({Reason})")]
    private static partial void LogUnavailable(ILogger logger, string reason);
}

/// <summary>Holds the one pipeline all BSS lookups share, built from <see cref="BssOptions"/> on the injected clock.</summary>
internal sealed class BssResiliencePipeline(Microsoft.Extensions.Options.IOptions<BssOptions> options, TimeProvider timeProvider)
{
    public ResiliencePipeline Pipeline { get; } = Build(options.Value, timeProvider);

    private static ResiliencePipeline Build(BssOptions o, TimeProvider timeProvider)
    {
        var transient = new PredicateBuilder()
            .Handle<HttpRequestException>()
            .Handle<TimeoutRejectedException>();
        return new ResiliencePipelineBuilder { TimeProvider = timeProvider }
            .AddTimeout(o.TotalTimeout)
            .AddRetry(new()
            {
                ShouldHandle = transient,
                MaxRetryAttempts = Math.Max(1, o.MaxRetries),
                Delay = TimeSpan.FromMilliseconds(50),
                BackoffType = DelayBackoffType.Exponential,
            })
            .AddCircuitBreaker(new()
            {
                ShouldHandle = transient,
                FailureRatio = 0.5,
                MinimumThroughput = 4,
                SamplingDuration = TimeSpan.FromSeconds(30),
                BreakDuration = o.BreakDuration,
            })
            .AddTimeout(o.AttemptTimeout)
            .Build();
    }
}
