using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using TelecomContactCenter.Sip.Protection;

namespace TelecomContactCenter.Sip.Identity;

public static class CallerIdentityServiceCollectionExtensions
{
    /// <summary>The numbering plan (<c>PhoneNumbers</c>, validated on start) and trust (<c>Sip:TrustedTrunks</c>).</summary>
    public static IServiceCollection AddSipCallerIdentity(this IServiceCollection services)
    {
        services.AddSipProtection();
        services.AddPhoneNumbers();
        services.TryAddSingleton<CallerIdentityResolver>();
        return services;
    }

    /// <summary>
    /// The one <see cref="E164Normalizer"/> on the <c>PhoneNumbers</c> plan (validated on start). Safe to call from
    /// every feature that reads numbers: the plan is bound once.
    /// </summary>
    public static IServiceCollection AddPhoneNumbers(this IServiceCollection services)
    {
        if (services.Any(d => d.ServiceType == typeof(E164Normalizer)))
        {
            return services;
        }

        services.AddOptions<PhoneNumberOptions>()
            .BindConfiguration(PhoneNumberOptions.SectionName)
            .ValidateOnStart();
        services.TryAddEnumerable(
            ServiceDescriptor.Singleton<IValidateOptions<PhoneNumberOptions>, PhoneNumberOptionsValidator>());
        services.AddSingleton<E164Normalizer>();
        return services;
    }
}
