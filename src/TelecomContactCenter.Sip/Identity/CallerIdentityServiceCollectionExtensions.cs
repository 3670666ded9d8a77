using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using TelecomContactCenter.Sip.Protection;

namespace TelecomContactCenter.Sip.Identity;

public static class CallerIdentityServiceCollectionExtensions
{
    /// <summary>Binds <c>Sip:CallerIdentity</c> (validated on start); trust comes from <c>Sip:TrustedTrunks</c>.</summary>
    public static IServiceCollection AddSipCallerIdentity(this IServiceCollection services)
    {
        services.AddSipProtection();
        services.AddOptions<CallerIdentityOptions>()
            .BindConfiguration(CallerIdentityOptions.SectionName)
            .ValidateOnStart();
        services.TryAddEnumerable(
            ServiceDescriptor.Singleton<IValidateOptions<CallerIdentityOptions>, CallerIdentityOptionsValidator>());
        services.TryAddSingleton<E164Normalizer>();
        services.TryAddSingleton<CallerIdentityResolver>();
        return services;
    }
}
