using Microsoft.Extensions.Options;

namespace TelecomContactCenter.Sip.Identity;

/// <summary>Numbering plan used to turn received numbers into E.164, section <c>Sip:CallerIdentity</c>.</summary>
public sealed class CallerIdentityOptions
{
    public const string SectionName = "Sip:CallerIdentity";

    /// <summary>Country calling code of the operator's network, without "+".</summary>
    public string CountryCode { get; set; } = "86";

    /// <summary>Trunk prefix dialled before a national number ("0" in China and most of Europe; empty in NANP).</summary>
    public string NationalPrefix { get; set; } = "0";

    /// <summary>Prefix dialled before a country code ("00"; "011" in NANP).</summary>
    public string InternationalPrefix { get; set; } = "00";

    /// <summary>Shorter digit strings are extensions or short codes (10086, 95555), not subscriber numbers.</summary>
    public int MinNationalNumberLength { get; set; } = 7;

    /// <summary>Longest national significant number (11 for Chinese mobiles); longer strings may carry the country code.</summary>
    public int MaxNationalNumberLength { get; set; } = 11;
}

public sealed class CallerIdentityOptionsValidator : IValidateOptions<CallerIdentityOptions>
{
    public ValidateOptionsResult Validate(string? name, CallerIdentityOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        const string section = CallerIdentityOptions.SectionName;
        var failures = new List<string>();
        if (options.CountryCode is not { Length: >= 1 and <= 3 } || !IsDigits(options.CountryCode)
            || options.CountryCode[0] == '0')
        {
            failures.Add($"{section}:CountryCode must be 1-3 digits without '+' or a leading zero.");
        }

        if (options.NationalPrefix is null || options.NationalPrefix.Length > 3 || !IsDigits(options.NationalPrefix))
        {
            failures.Add($"{section}:NationalPrefix must be empty or up to 3 digits.");
        }

        if (options.InternationalPrefix is not { Length: >= 1 and <= 4 } || !IsDigits(options.InternationalPrefix))
        {
            failures.Add($"{section}:InternationalPrefix must be 1-4 digits.");
        }

        if (options.MinNationalNumberLength < 1 || options.MaxNationalNumberLength > 14
            || options.MinNationalNumberLength > options.MaxNationalNumberLength)
        {
            failures.Add(
                $"{section}:MinNationalNumberLength and {section}:MaxNationalNumberLength must satisfy 1 <= min <= max <= 14.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static bool IsDigits(string text) => text.All(char.IsAsciiDigit);
}
