using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using TelecomContactCenter.Sip.Authentication;

namespace TelecomContactCenter.Sip.Tests.Authentication;

public sealed class DigestOptionsTests
{
    [Fact]
    public async Task AddSipDigestAuthentication_ConfiguredMd5Only_ChallengesOnlyWithMd5()
    {
        using var provider = Build(new() { ["Sip:Digest:Algorithms:0"] = "MD5", ["Sip:Digest:Realm"] = "cc.example" });
        var authenticator = provider.GetRequiredService<SipDigestAuthenticator>();

        var outcome = await authenticator.AuthenticateAsync(
            "REGISTER", "sip:cc.example", [], System.Net.IPAddress.Loopback, CancellationToken.None);

        var challenge = Assert.Single(outcome.Challenges);
        Assert.Equal("MD5", TestDigestClient.Param(challenge, "algorithm"));
        Assert.Equal("cc.example", TestDigestClient.Param(challenge, "realm"));
    }

    [Fact]
    public void AddSipDigestAuthentication_UnknownAlgorithm_FailsNamingTheKey()
    {
        using var provider = Build(new() { ["Sip:Digest:Algorithms:0"] = "SHA-256", ["Sip:Digest:Algorithms:1"] = "SHA-1" });

        var error = Assert.Throws<OptionsValidationException>(
            () => provider.GetRequiredService<IOptions<DigestOptions>>().Value);

        Assert.Contains("Sip:Digest:Algorithms:1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_NonPositiveDurationsAndLimits_NameEachKey()
    {
        var options = new DigestOptions { NonceLifetime = TimeSpan.Zero, MaxFailures = 0, Realm = "a\"b" };

        var result = new DigestOptionsValidator().Validate(null, options);

        Assert.Contains("Sip:Digest:NonceLifetime", result.FailureMessage, StringComparison.Ordinal);
        Assert.Contains("Sip:Digest:MaxFailures", result.FailureMessage, StringComparison.Ordinal);
        Assert.Contains("Sip:Digest:Realm", result.FailureMessage, StringComparison.Ordinal);
    }

    private static ServiceProvider Build(Dictionary<string, string?> values) => new ServiceCollection()
        .AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(values).Build())
        .AddSipDigestAuthentication()
        .BuildServiceProvider();
}
