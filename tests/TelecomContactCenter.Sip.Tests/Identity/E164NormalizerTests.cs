using Microsoft.Extensions.Options;
using TelecomContactCenter.Sip.Identity;

namespace TelecomContactCenter.Sip.Tests.Identity;

public sealed class E164NormalizerTests
{
    private readonly E164Normalizer _china = new(Options.Create(new CallerIdentityOptions()));

    [Theory]
    [InlineData("+8613800000001", true, "+8613800000001")]
    [InlineData("+8613800000001", false, "+8613800000001")]
    [InlineData("13800000001", false, "+8613800000001")]
    [InlineData("8613800000001", false, "+8613800000001")]
    [InlineData("008613800000001", false, "+8613800000001")]
    [InlineData("0014155550123", false, "+14155550123")]
    [InlineData("01012345678", false, "+861012345678")]
    [InlineData("02187654321", false, "+862187654321")]
    [InlineData("+86-138-0000-0001", true, "+8613800000001")]
    [InlineData("(010) 1234.5678", true, "+861012345678")]
    [InlineData("+86 10 1234 5678;isub=12", true, "+861012345678")]
    [InlineData(" 13800000001 ", false, "+8613800000001")]
    public void Normalize_ChineseAndInternationalFormats_GivesE164(string raw, bool isPhone, string expected)
    {
        var e164 = _china.Normalize(raw, isPhone);

        Assert.Equal(expected, e164);
    }

    [Theory]
    [InlineData("+86-138-0000-0001", false)]
    [InlineData("alice", false)]
    [InlineData("alice", true)]
    [InlineData("10086", false)]
    [InlineData("1001", true)]
    [InlineData("", true)]
    [InlineData("+", true)]
    [InlineData("+0123456789", true)]
    [InlineData("+1234567890123456", true)]
    [InlineData("00", false)]
    [InlineData("0123", false)]
    [InlineData("138*0000", true)]
    [InlineData("13800000001+", false)]
    [InlineData("anonymous", false)]
    [InlineData("99999999999999999999999999999999999999", true)]
    public void Normalize_NotASubscriberNumber_ReturnsNull(string raw, bool isPhone)
    {
        var e164 = _china.Normalize(raw, isPhone);

        Assert.Null(e164);
    }

    [Theory]
    [InlineData("7042", "+8610", "+86107042")]
    [InlineData("555-0123", "+1-415", "+14155550123")]
    [InlineData("7042", "+86x", null)]
    [InlineData("5550123", "example.com", "+865550123")]
    public void Normalize_TelPhoneContext_CompletesLocalNumbersFromGlobalContext(
        string raw, string context, string? expected)
    {
        var e164 = _china.Normalize(raw, isPhoneNumber: true, phoneContext: context);

        Assert.Equal(expected, e164);
    }

    [Fact]
    public void Normalize_PhoneContextInsideUserPart_IsHonoured()
    {
        var e164 = _china.Normalize("7042;phone-context=+8610", isPhoneNumber: true);

        Assert.Equal("+86107042", e164);
    }

    [Theory]
    [InlineData("4155550123", "+14155550123")]
    [InlineData("14155550123", "+14155550123")]
    [InlineData("01144207946000", "+44207946000")]
    public void Normalize_NorthAmericanPlan_UsesConfiguredPrefixes(string raw, string expected)
    {
        var nanp = new E164Normalizer(Options.Create(new CallerIdentityOptions
        {
            CountryCode = "1",
            NationalPrefix = string.Empty,
            InternationalPrefix = "011",
            MinNationalNumberLength = 10,
            MaxNationalNumberLength = 10,
        }));

        var e164 = nanp.Normalize(raw, isPhoneNumber: false);

        Assert.Equal(expected, e164);
    }

    [Fact]
    public void Validate_BadPlan_NamesTheKeys()
    {
        var options = new CallerIdentityOptions { CountryCode = "+86", InternationalPrefix = string.Empty };

        var result = new CallerIdentityOptionsValidator().Validate(null, options);

        Assert.Contains("Sip:CallerIdentity:CountryCode", result.FailureMessage, StringComparison.Ordinal);
        Assert.Contains("Sip:CallerIdentity:InternationalPrefix", result.FailureMessage, StringComparison.Ordinal);
    }
}
