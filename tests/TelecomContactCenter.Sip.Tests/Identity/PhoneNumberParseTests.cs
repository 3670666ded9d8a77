using Microsoft.Extensions.Options;
using TelecomContactCenter.Sip.Identity;

namespace TelecomContactCenter.Sip.Tests.Identity;

/// <summary>Numbers as people write them (API, desktop): <see cref="E164Normalizer.Parse"/> with a reason when refused.</summary>
public sealed class PhoneNumberParseTests
{
    private readonly E164Normalizer _china = new(Options.Create(new PhoneNumberOptions()));

    [Theory]
    [InlineData("+8613800000001")]
    [InlineData("008613800000001")]
    [InlineData("13800000001")]
    [InlineData("8613800000001")]
    [InlineData("+86 138 0000 0001")]
    [InlineData("138-0000-0001")]
    [InlineData(" 0086-138-0000-0001 ")]
    public void Parse_MobileInAnyWrittenForm_SameE164(string input)
    {
        var result = _china.Parse(input);

        Assert.True(result.Success, result.Error);
        Assert.Equal("+8613800000001", result.E164);
    }

    [Theory]
    [InlineData("010 1234 5678", "+861012345678")]
    [InlineData("(0755) 1234567", "+867551234567")]
    [InlineData("+86 (0)10 1234 5678", "+861012345678")]
    [InlineData("+1 212 555 0100", "+12125550100")]
    [InlineData("0044 20 7946 0018", "+442079460018")]
    public void Parse_LandlineAndForeign_NormalisedToE164(string input, string expected)
    {
        var result = _china.Parse(input);

        Assert.Equal(expected, result.E164);
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("abc", "'a' is not allowed")]
    [InlineData("138O0000001", "'O' is not allowed")]
    [InlineData("12345", "neither a national number")]
    [InlineData("+86 138", "after the country code")]
    [InlineData("+0123456789", "cannot start with 0")]
    [InlineData("00", "cannot start with 0")]
    [InlineData("+1234567890123456", "7–15 digits")]
    [InlineData("01", "after the prefix 0")]
    public void Parse_Garbage_RejectedWithReason(string input, string reasonFragment)
    {
        var result = _china.Parse(input);

        Assert.False(result.Success);
        Assert.Contains(reasonFragment, result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_OtherCountryOptions_UsesConfiguredCodeAndPrefix()
    {
        var uk = new PhoneNumberOptions { CountryCode = "44", NationalPrefix = "0", MinNationalLength = 9, MaxNationalLength = 10 };

        var result = new E164Normalizer(Options.Create(uk)).Parse("020 7946 0018");

        Assert.Equal("+442079460018", result.E164);
    }

    [Fact]
    public void Parse_SameNumberTwoForms_EqualValues()
    {
        var a = _china.Parse("0086 13800000001");
        var b = _china.Parse("13800000001");

        Assert.Equal(a, b);
    }
}
