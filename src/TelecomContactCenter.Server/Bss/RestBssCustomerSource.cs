using System.Net;
using Polly.CircuitBreaker;
using Polly.Timeout;
using Refit;
using TelecomContactCenter.Core.Customers;
using TelecomContactCenter.Server.Customers;
using TelecomContactCenter.Server.Profiles;

namespace TelecomContactCenter.Server.Bss;

/// <summary>
/// Looks customers up in the operator's BSS through <see cref="IBssCustomerApi"/>. The HTTP client's resilience
/// handler (total timeout, retry, circuit breaker, per-attempt timeout; <see cref="BssSetup"/>) bounds every lookup,
/// so a slow or failing BSS turns into <see cref="LookupOutcome.Unavailable"/> within
/// <see cref="BssOptions.TotalTimeout"/> and never holds a call.
/// </summary>
internal sealed partial class RestBssCustomerSource(IBssCustomerApi api, ILogger<RestBssCustomerSource> logger) : ICustomerSource
{
    public async Task<CustomerLookupResult> FindByPhoneAsync(string e164, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await api.GetCustomerAsync(e164, cancellationToken);
            if (response.StatusCode == HttpStatusCode.NotFound)
            {
                return CustomerLookupResult.NotFound;
            }

            if (!response.IsSuccessStatusCode || response.Content is null)
            {
                var reason = response.Error?.InnerException?.GetType().Name
                    ?? (response.StatusCode is { } status ? $"HTTP {(int)status}" : "no response");
                return Unavailable(reason);
            }

            return ContractViolation(response.Content) is { } violation
                ? Unavailable(violation)
                : CustomerLookupResult.Found(new CustomerRecord(ToView(response.Content)));
        }
        catch (Exception ex) when (ex is HttpRequestException or TimeoutRejectedException or BrokenCircuitException
            or ApiException or System.Text.Json.JsonException
            || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return Unavailable(ex.GetType().Name);
        }
    }

    private CustomerLookupResult Unavailable(string reason)
    {
        LogUnavailable(logger, reason);
        return CustomerLookupResult.Unavailable($"Profile unavailable: the BSS did not answer ({reason}).");
    }

    /// <summary>
    /// What in an answer breaks the contract of docs/bss.md: routing, offers and the wallboard key on the tier, stage
    /// and band names, so an answer with a name the service does not know is treated as no answer, not guessed at.
    /// </summary>
    private static string? ContractViolation(BssCustomer c) =>
        string.IsNullOrWhiteSpace(c.Phone) || string.IsNullOrWhiteSpace(c.Name) ? "answer without phone or name"
        : !Enum.TryParse<ValueTier>(c.Tier, ignoreCase: true, out _) ? "unknown tier"
        : !Enum.TryParse<LifecycleStage>(c.LifecycleStage, ignoreCase: true, out _) ? "unknown lifecycle stage"
        : !Enum.TryParse<ChurnBand>(c.ChurnBand, ignoreCase: true, out _) ? "unknown churn band"
        : null;

    private static CustomerView ToView(BssCustomer c) => new(
        c.Id, c.Phone, c.Name, "Active", false, 0, Canonical<ValueTier>(c.Tier), c.TierReason, [],
        Canonical<LifecycleStage>(c.LifecycleStage), [], c.StageReason, 0, Canonical<ChurnBand>(c.ChurnBand), c.Clv, c.AccountManager is null ? null : new AccountManagerView(c.AccountManager, c.AccountManager, "", ""),
        null, [], [], [], DateTimeOffset.MinValue);

    private static string Canonical<T>(string name)
        where T : struct, Enum => Enum.Parse<T>(name, ignoreCase: true).ToString();

    [LoggerMessage(Level = LogLevel.Warning, Message = "BSS customer lookup unavailable ({Reason})")]
    private static partial void LogUnavailable(ILogger logger, string reason);
}
