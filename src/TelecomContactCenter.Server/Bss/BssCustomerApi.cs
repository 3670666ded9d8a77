using Refit;

namespace TelecomContactCenter.Server.Bss;

/// <summary>The BSS's answer for one subscriber (the integration contract documented in docs/bss.md).</summary>
internal sealed record BssCustomer(
    long Id, string Phone, string Name, string Tier, string TierReason, string LifecycleStage, string StageReason,
    string ChurnBand, decimal Clv, string? AccountManager);

/// <summary>
/// The operator BSS's customer API as the service calls it (docs/bss.md). Refit's source generator writes the client at build time (no reflection);
/// the host registers it through <c>IHttpClientFactory</c> with the resilience handler of <see cref="BssSetup"/>.
/// </summary>
internal interface IBssCustomerApi
{
    /// <summary>GET {BaseUrl}/customers/{e164}: 200 with the customer, 404 when the number is not a subscriber.</summary>
    [Get("/customers/{e164}")]
    Task<IApiResponse<BssCustomer>> GetCustomerAsync(string e164, CancellationToken cancellationToken);
}
