using Microsoft.Extensions.Options;

namespace TelecomContactCenter.Sip.Identity;

/// <summary>
/// The deployment's numbering plan, section <c>PhoneNumbers</c>: the one place that says how national numbers are
/// written, for caller identities from SIP and for numbers typed into the API alike (<see cref="E164Normalizer"/>).
/// </summary>
public sealed class PhoneNumberOptions
{
    public const string SectionName = "PhoneNumbers";

    /// <summary>Country calling code of the operator's network, without "+".</summary>
    public string CountryCode { get; set; } = "86";

    /// <summary>Trunk prefix dialled before a national number ("0" in China and most of Europe; empty in NANP).</summary>
    public string NationalPrefix { get; set; } = "0";

    /// <summary>Prefix dialled before a country code ("00"; "011" in NANP).</summary>
    public string InternationalPrefix { get; set; } = "00";

    /// <summary>
    /// Shortest national significant number (area code + subscriber, without the national prefix). Shorter digit
    /// strings are extensions, short codes (10086, 95555) or local numbers without their area code, not subscribers.
    /// </summary>
    public int MinNationalLength { get; set; } = 9;

    /// <summary>Longest national significant number (11 for Chinese mobiles); longer strings may carry the country code.</summary>
    public int MaxNationalLength { get; set; } = 11;

    /// <summary>What is wrong with the plan, each message naming its key; empty when it is usable.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (CountryCode is not { Length: >= 1 and <= 3 } || !CountryCode.All(char.IsAsciiDigit) || CountryCode[0] == '0')
        {
            errors.Add($"{SectionName}:{nameof(CountryCode)} must be 1 to 3 digits without '+' or a leading zero");
        }

        if (NationalPrefix is null || NationalPrefix.Length > 2 || !NationalPrefix.All(char.IsAsciiDigit))
        {
            errors.Add($"{SectionName}:{nameof(NationalPrefix)} must be empty or up to 2 digits");
        }

        if (InternationalPrefix is not { Length: >= 2 and <= 4 } || !InternationalPrefix.All(char.IsAsciiDigit))
        {
            errors.Add($"{SectionName}:{nameof(InternationalPrefix)} must be 2 to 4 digits");
        }

        if (MinNationalLength < 4 || MaxNationalLength < MinNationalLength || MaxNationalLength + (CountryCode?.Length ?? 0) > 15)
        {
            errors.Add($"{SectionName}:{nameof(MaxNationalLength)} must be at least {nameof(MinNationalLength)} (≥ 4) and fit E.164's 15 digits");
        }

        return errors;
    }
}

/// <summary>Stops start-up naming the <c>PhoneNumbers</c> keys that are wrong.</summary>
public sealed class PhoneNumberOptionsValidator : IValidateOptions<PhoneNumberOptions>
{
    public ValidateOptionsResult Validate(string? name, PhoneNumberOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = options.Validate();
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
