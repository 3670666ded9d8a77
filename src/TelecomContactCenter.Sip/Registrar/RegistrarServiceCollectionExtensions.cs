using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using TelecomContactCenter.Sip.Authentication;

namespace TelecomContactCenter.Sip.Registrar;

public static class RegistrarServiceCollectionExtensions
{
    /// <summary>
    /// Registers the registrar (<c>Sip:Registrar</c>, validated on start), its digest authentication
    /// (<c>Sip:Digest</c>), the <see cref="IRegistrationLookup"/> the ACD uses and the expiry sweep.
    /// </summary>
    public static IServiceCollection AddSipRegistrar(this IServiceCollection services)
    {
        services.AddSipDigestAuthentication();
        services.AddOptions<RegistrarOptions>()
            .BindConfiguration(RegistrarOptions.SectionName)
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<RegistrarOptions>, RegistrarOptionsValidator>());
        services.TryAddSingleton<RegistrationStore>();
        services.TryAddSingleton<IRegistrationLookup>(provider => provider.GetRequiredService<RegistrationStore>());
        services.TryAddSingleton<SipRegistrar>();
        services.AddHostedService<RegistrationSweeper>();
        services.PostConfigure<UserAgent.SipStackOptions>(options => options.AcceptsRegister = true);
        return services;
    }
}
