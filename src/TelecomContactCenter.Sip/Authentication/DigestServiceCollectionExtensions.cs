using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace TelecomContactCenter.Sip.Authentication;

public static class DigestServiceCollectionExtensions
{
    /// <summary>
    /// Binds <c>Sip:Digest</c> (validated on start) and registers the authenticator. Without another
    /// <see cref="ISipCredentialStore"/> registered first, the demo agents agent1…agent5 are used.
    /// </summary>
    public static IServiceCollection AddSipDigestAuthentication(this IServiceCollection services)
    {
        services.AddOptions<DigestOptions>()
            .BindConfiguration(DigestOptions.SectionName)
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<DigestOptions>, DigestOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<ISipCredentialStore>(provider =>
            InMemorySipCredentialStore.CreateDemo(provider.GetRequiredService<IOptions<DigestOptions>>().Value.Realm));
        services.TryAddSingleton<DigestNonces>();
        services.TryAddSingleton<NonceCountCache>();
        services.TryAddSingleton<AuthenticationFailureTracker>();
        services.TryAddSingleton<SipDigestAuthenticator>();
        return services;
    }
}
