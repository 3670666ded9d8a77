using Microsoft.Extensions.Options;
using TelecomContactCenter.Server.Agents;
using TelecomContactCenter.Server.Bss;

namespace TelecomContactCenter.Server.Calls;

/// <summary>
/// Looks a caller's customer up in the customer source (this database, or the operator's BSS) within
/// <c>Agents:ProfileTimeout</c>: a slow or failing source answers "unavailable", never an exception, so the IVR and
/// the pop degrade instead of holding the call. Singleton; takes a scope per lookup because the source is scoped.
/// </summary>
internal sealed partial class CallerCustomers(
    IServiceScopeFactory scopes, IOptions<AgentOptions> options, TimeProvider time, ILogger<CallerCustomers> logger)
{
    public async Task<CustomerLookupResult> LookUpAsync(string phone)
    {
        try
        {
            using var budget = new CancellationTokenSource(options.Value.ProfileTimeout, time);
            await using var scope = scopes.CreateAsyncScope();
            return await scope.ServiceProvider.GetRequiredService<ICustomerSource>().FindByPhoneAsync(phone, budget.Token);
        }
        catch (Exception ex)
        {
            // Boundary: whatever the source throws (timeout included), the call goes on with an unavailable profile.
            LogFailed(logger, ex);
            return CustomerLookupResult.Unavailable(ex is OperationCanceledException ? "no answer within the profile budget" : ex.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Customer lookup failed; the call goes on with an unavailable profile")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
