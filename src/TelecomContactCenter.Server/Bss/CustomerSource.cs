using TelecomContactCenter.Server.Customers;
using TelecomContactCenter.Server.Profiles;

namespace TelecomContactCenter.Server.Bss;

internal enum LookupOutcome
{
    Found,
    NotFound,

    /// <summary>The source did not answer in time or is failing; callers go on without a profile.</summary>
    Unavailable,
}

internal sealed record CustomerLookupResult(LookupOutcome Outcome, CustomerRecord? Customer, string? Detail)
{
    public static CustomerLookupResult Found(CustomerRecord customer) => new(LookupOutcome.Found, customer, null);

    public static readonly CustomerLookupResult NotFound = new(LookupOutcome.NotFound, null, null);

    public static CustomerLookupResult Unavailable(string detail) => new(LookupOutcome.Unavailable, null, detail);
}

/// <summary>Where customer profiles come from: the local database (default) or the operator's BSS over REST.</summary>
internal interface ICustomerSource
{
    Task<CustomerLookupResult> FindByPhoneAsync(string e164, CancellationToken cancellationToken);
}

internal sealed class LocalCustomerSource(CustomerLookup lookup) : ICustomerSource
{
    public async Task<CustomerLookupResult> FindByPhoneAsync(string e164, CancellationToken cancellationToken) =>
        await lookup.FindByPhoneAsync(e164, cancellationToken) is { } customer
            ? CustomerLookupResult.Found(customer)
            : CustomerLookupResult.NotFound;
}
