using Microsoft.Extensions.Options;
using TelecomContactCenter.Sip.Identity;

namespace TelecomContactCenter.Sip.Tests.Identity;

public sealed class E164NormalizerTests
{
    private readonly E164Normalizer _china = new(Options.Create(new PhoneNumberOptions()));

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
    [InlineData("12345678", "+8610", "+861012345678")]
    [InlineData("555-0123", "+1-415", "+14155550123")]
    [InlineData("7042", "+8610", null)]
    [InlineData("12345678", "+86x", null)]
    [InlineData("1012345678", "example.com", "+861012345678")]
    public void Normalize_TelPhoneContext_CompletesLocalNumbersFromGlobalContext(
        string raw, string context, string? expected)
    {
        var e164 = _china.Normalize(raw, isPhoneNumber: true, phoneContext: context);

        Assert.Equal(expected, e164);
    }

    [Fact]
    public void Normalize_PhoneContextInsideUserPart_IsHonoured()
    {
        var e164 = _china.Normalize("12345678;phone-context=+8610", isPhoneNumber: true);

        Assert.Equal("+861012345678", e164);
    }

    [Theory]
    [InlineData("4155550123", "+14155550123")]
    [InlineData("14155550123", "+14155550123")]
    [InlineData("01144207946000", "+44207946000")]
    public void Normalize_NorthAmericanPlan_UsesConfiguredPrefixes(string raw, string expected)
    {
        var nanp = new E164Normalizer(Options.Create(new PhoneNumberOptions
        {
            CountryCode = "1",
            NationalPrefix = string.Empty,
            InternationalPrefix = "011",
            MinNationalLength = 10,
            MaxNationalLength = 10,
        }));

        var e164 = nanp.Normalize(raw, isPhoneNumber: false);

        Assert.Equal(expected, e164);
    }

    /// <summary>
    /// Numbers the SIP side and the API side once read differently: one plan now gives one answer for both, so a caller
    /// and the customer record an agent types meet on the same E.164.
    /// </summary>
    [Theory]
    [InlineData("01012345678", "+861012345678")]
    [InlineData("0101234567", "+86101234567")]
    [InlineData("+86 (0)10 1234 5678", "+861012345678")]
    [InlineData("+8601012345678", "+861012345678")]
    [InlineData("0086 138 0000 0001", "+8613800000001")]
    [InlineData("86 138 0000 0001", "+8613800000001")]
    [InlineData("+86 138", null)]
    [InlineData("0086138", null)]
    [InlineData("861234567890123", null)]
    [InlineData("12345678", null)]
    [InlineData("1234567", null)]
    [InlineData("+1234", null)]
    [InlineData("95555", null)]
    [InlineData("anonymous", null)]
    [InlineData("", null)]
    public void NormalizeAndParse_FormsThatOnceDiffered_OneAnswer(string written, string? expected)
    {
        var received = _china.Normalize(written, isPhoneNumber: true);
        var typed = _china.Parse(written);

        Assert.Equal(expected, received);
        Assert.Equal(expected, typed.E164);
        Assert.Equal(expected is null, typed.Error is not null);
    }

    [Fact]
    public void Normalize_WithheldCallerInSipForm_NoNumber()
    {
        var fromUser = _china.Normalize("anonymous", isPhoneNumber: false);
        var restricted = _china.Normalize("Restricted", isPhoneNumber: false);

        Assert.Null(fromUser);
        Assert.Null(restricted);
    }

    [Fact]
    public void Validate_BadPlan_NamesTheKeys()
    {
        var options = new PhoneNumberOptions { CountryCode = "+86", InternationalPrefix = string.Empty };

        var result = new PhoneNumberOptionsValidator().Validate(null, options);

        Assert.Contains("PhoneNumbers:CountryCode", result.FailureMessage, StringComparison.Ordinal);
        Assert.Contains("PhoneNumbers:InternationalPrefix", result.FailureMessage, StringComparison.Ordinal);
    }
}
