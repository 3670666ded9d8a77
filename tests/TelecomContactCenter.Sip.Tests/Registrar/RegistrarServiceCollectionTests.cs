using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using TelecomContactCenter.Sip.Identity;
using TelecomContactCenter.Sip.Protection;
using TelecomContactCenter.Sip.Registrar;

namespace TelecomContactCenter.Sip.Tests.Registrar;

public sealed class RegistrarServiceCollectionTests
{
    [Fact]
    public void AddSipRegistrar_WithProtectionAndIdentity_ResolvesEveryEntryPoint()
    {
        using var provider = Build(new() { ["Sip:Registrar:MinExpiresSeconds"] = "120" });

        var registrar = provider.GetRequiredService<SipRegistrar>();
        var lookup = provider.GetRequiredService<IRegistrationLookup>();

        Assert.NotNull(registrar);
        Assert.Same(provider.GetRequiredService<RegistrationStore>(), lookup);
        Assert.NotNull(provider.GetRequiredService<SipRequestGuard>());
        Assert.NotNull(provider.GetRequiredService<CallerIdentityResolver>());
        Assert.Contains(provider.GetServices<IHostedService>(), s => s is RegistrationSweeper);
        Assert.Equal(120, provider.GetRequiredService<IOptions<RegistrarOptions>>().Value.MinExpiresSeconds);
    }

    [Fact]
    public void AddSipRegistrar_MaxBelowMin_FailsNamingBothKeys()
    {
        using var provider = Build(new() { ["Sip:Registrar:MaxExpiresSeconds"] = "30" });

        var error = Assert.Throws<OptionsValidationException>(
            () => provider.GetRequiredService<IOptions<RegistrarOptions>>().Value);

        Assert.Contains("Sip:Registrar:MaxExpiresSeconds", error.Message, StringComparison.Ordinal);
        Assert.Contains("Sip:Registrar:MinExpiresSeconds", error.Message, StringComparison.Ordinal);
    }

    private static ServiceProvider Build(Dictionary<string, string?> values) => new ServiceCollection()
        .AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(values).Build())
        .AddLogging()
        .AddSipRegistrar()
        .AddSipProtection()
        .AddSipCallerIdentity()
        .BuildServiceProvider();
}
