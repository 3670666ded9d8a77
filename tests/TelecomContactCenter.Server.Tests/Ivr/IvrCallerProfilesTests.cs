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
        var profile = await Profiles().LookUpAsync(Caller, Task.FromResult(CustomerLookupResult.Unavailable("BSS timed out")), CancellationToken.None);

        Assert.Equal(ValueTier.Standard, profile.Context.Tier);
        Assert.Equal(CallerIdentityConfidence.NetworkAsserted, profile.Context.IdentityConfidence);
        Assert.Contains("profile unavailable (BSS timed out)", profile.Note, StringComparison.Ordinal);
        Assert.Null(profile.CustomerId);
    }

    [Fact]
    public async Task LookUp_WithheldCaller_NoLookupAndNoTier()
    {
        var profile = await Profiles().LookUpAsync(Caller with { Confidence = IdentityConfidence.Withheld },
            Task.FromResult(CustomerLookupResult.Unavailable("must not be used")), CancellationToken.None);

        Assert.Equal((null, CallerIdentityConfidence.Withheld), (profile.Context.Tier, profile.Context.IdentityConfidence));
        Assert.Contains("not identified", profile.Note, StringComparison.Ordinal);
    }

    private static IvrCallerProfiles Profiles() => new(new FakeTimeProvider(new DateTimeOffset(2026, 11, 2, 9, 0, 0, TimeSpan.Zero)));
}
