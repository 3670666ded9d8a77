using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using TelecomContactCenter.Core.Customers;
using TelecomContactCenter.Core.Ivr;
using TelecomContactCenter.Server.Bss;
using TelecomContactCenter.Server.Ivr;
using TelecomContactCenter.Sip.Identity;

namespace TelecomContactCenter.Server.Tests.Ivr;

public sealed class IvrCallerProfilesTests
{
    private static readonly CallerIdentity Caller = new()
    {
        Confidence = IdentityConfidence.NetworkAsserted,
        Source = IdentityHeader.PAssertedIdentity,
        Raw = "+8613800000001",
        E164 = "+8613800000001",
    };

    [Fact]
    public async Task LookUp_ProfileSourceUnavailable_StandardTierAndThePathSaysSo()
    {
        var profiles = Profiles(CustomerLookupResult.Unavailable("BSS timed out"));

        var profile = await profiles.LookUpAsync(Caller, CancellationToken.None);

        Assert.Equal(ValueTier.Standard, profile.Context.Tier);
        Assert.Equal(CallerIdentityConfidence.NetworkAsserted, profile.Context.IdentityConfidence);
        Assert.Contains("profile unavailable (BSS timed out)", profile.Note, StringComparison.Ordinal);
        Assert.Null(profile.CustomerId);
    }

    [Fact]
    public async Task LookUp_WithheldCaller_NoLookupAndNoTier()
    {
        var profiles = Profiles(CustomerLookupResult.Unavailable("must not be asked"));

        var profile = await profiles.LookUpAsync(Caller with { Confidence = IdentityConfidence.Withheld }, CancellationToken.None);

        Assert.Equal((null, CallerIdentityConfidence.Withheld), (profile.Context.Tier, profile.Context.IdentityConfidence));
        Assert.Contains("not identified", profile.Note, StringComparison.Ordinal);
    }

    private static IvrCallerProfiles Profiles(CustomerLookupResult answer)
    {
        var services = new ServiceCollection().AddScoped<ICustomerSource>(_ => new FixedCustomerSource(answer)).BuildServiceProvider();
        return new IvrCallerProfiles(services.GetRequiredService<IServiceScopeFactory>(), new FakeTimeProvider(new DateTimeOffset(2026, 11, 2, 9, 0, 0, TimeSpan.Zero)));
    }

    /// <summary>A customer source that always gives one answer (the real ones are a database and a BSS).</summary>
    private sealed class FixedCustomerSource(CustomerLookupResult answer) : ICustomerSource
    {
        public Task<CustomerLookupResult> FindByPhoneAsync(string e164, CancellationToken cancellationToken) => Task.FromResult(answer);
    }
}
