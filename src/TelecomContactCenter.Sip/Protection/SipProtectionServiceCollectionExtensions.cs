using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using TelecomContactCenter.Sip.Authentication;
using TelecomContactCenter.Sip.Transactions;

namespace TelecomContactCenter.Sip.Protection;

public static class SipProtectionServiceCollectionExtensions
{
    /// <summary>
    /// Binds <c>Sip:TrustedTrunks</c>, <c>Sip:RateLimit</c>, <c>Sip:Overload</c>, <c>Sip:Bans</c>,
    /// <c>Sip:ScannerUserAgents</c> and <c>Sip:SecurityEvents</c>, validated on start; the guard becomes the stack's
    /// <see cref="ISipRequestScreen"/> and the ban list hears of every wrong digest response. The guard's
    /// INVITE admission needs an <see cref="Registrar.IRegistrationLookup"/>, which <c>AddSipRegistrar</c> provides.
    /// </summary>
    public static IServiceCollection AddSipProtection(this IServiceCollection services)
    {
        services.AddOptions<SipProtectionOptions>()
            .BindConfiguration(SipProtectionOptions.SectionName)
            .ValidateOnStart();
        services.TryAddEnumerable(
            ServiceDescriptor.Singleton<IValidateOptions<SipProtectionOptions>, SipProtectionOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(provider => new TrustedTrunkAllowlist(
            provider.GetRequiredService<IOptions<SipProtectionOptions>>().Value.TrustedTrunks));
        services.TryAddSingleton<SourceRateLimiter>();
        services.TryAddSingleton<OverloadGate>();
        services.TryAddSingleton<InviteAdmission>();
        services.TryAddSingleton<SecurityEventLog>();
        services.TryAddSingleton<SourceBans>();
        services.TryAddSingleton<RefusalCounters>();
        services.TryAddSingleton<SipRequestGuard>();
        services.TryAddSingleton<ISipRequestScreen>(provider => provider.GetRequiredService<SipRequestGuard>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IAuthenticationFailureSink, SourceBans>(
            provider => provider.GetRequiredService<SourceBans>()));
        return services;
    }
}
