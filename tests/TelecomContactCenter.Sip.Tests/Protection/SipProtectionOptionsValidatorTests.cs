using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using TelecomContactCenter.Sip.Protection;

namespace TelecomContactCenter.Sip.Tests.Protection;

public sealed class SipProtectionOptionsValidatorTests
{
    [Fact]
    public void Validate_BadTrunkEntry_NamesTheIndexedKey()
    {
        var options = Bind(new()
        {
            ["Sip:TrustedTrunks:0"] = "10.0.0.0/8",
            ["Sip:TrustedTrunks:1"] = "pbx.local",
        });

        var result = new SipProtectionOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains("Sip:TrustedTrunks:1", result.FailureMessage, StringComparison.Ordinal);
        Assert.DoesNotContain("Sip:TrustedTrunks:0", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_BadNumbers_NamesEachKey()
    {
        var options = Bind(new()
        {
            ["Sip:RateLimit:RequestsPerSecond"] = "0",
            ["Sip:RateLimit:Burst"] = "0",
            ["Sip:Overload:MaxInFlightTransactions"] = "-1",
            ["Sip:Overload:RetryAfterSeconds"] = "0",
        });

        var result = new SipProtectionOptionsValidator().Validate(null, options);

        Assert.Contains("Sip:RateLimit:RequestsPerSecond", result.FailureMessage, StringComparison.Ordinal);
        Assert.Contains("Sip:RateLimit:Burst", result.FailureMessage, StringComparison.Ordinal);
        Assert.Contains("Sip:Overload:MaxInFlightTransactions", result.FailureMessage, StringComparison.Ordinal);
        Assert.Contains("Sip:Overload:RetryAfterSeconds", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void AddSipProtection_ValidConfiguration_BindsTrunksAndLimits()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Sip:TrustedTrunks:0"] = "192.0.2.0/24",
            ["Sip:RateLimit:Burst"] = "7",
        }).Build();
        using var provider = new ServiceCollection()
            .AddSingleton<IConfiguration>(configuration)
            .AddSingleton(TimeProvider.System)
            .AddSipProtection()
            .BuildServiceProvider();

        var options = provider.GetRequiredService<IOptions<SipProtectionOptions>>().Value;
        var allowlist = provider.GetRequiredService<TrustedTrunkAllowlist>();

        Assert.Equal(7, options.RateLimit.Burst);
        Assert.True(allowlist.Contains(System.Net.IPAddress.Parse("192.0.2.99")));
    }

    [Fact]
    public void AddSipProtection_InvalidConfiguration_FailsWithTheKey()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Sip:TrustedTrunks:0"] = "bogus",
        }).Build();
        using var provider = new ServiceCollection()
            .AddSingleton<IConfiguration>(configuration)
            .AddSingleton(TimeProvider.System)
            .AddSipProtection()
            .BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(
            () => provider.GetRequiredService<IOptions<SipProtectionOptions>>().Value);

        Assert.Contains("Sip:TrustedTrunks:0", error.Message, StringComparison.Ordinal);
    }

    private static SipProtectionOptions Bind(Dictionary<string, string?> values)
    {
        var options = new SipProtectionOptions();
        new ConfigurationBuilder().AddInMemoryCollection(values).Build().GetSection("Sip").Bind(options);
        return options;
    }
}
