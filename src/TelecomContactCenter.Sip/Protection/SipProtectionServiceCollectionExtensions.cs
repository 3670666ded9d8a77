using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace TelecomContactCenter.Sip.Protection;

public static class SipProtectionServiceCollectionExtensions
{
    /// <summary>
    /// Binds <c>Sip:TrustedTrunks</c>, <c>Sip:RateLimit</c>, <c>Sip:Overload</c>, validated on start. The guard's
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
        services.TryAddSingleton<SipRequestGuard>();
        return services;
    }
}
