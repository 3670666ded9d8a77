namespace TelecomContactCenter.Core.Customers;

/// <summary>How national numbers are written in the deployment's country (section "PhoneNumbers").</summary>
public sealed class PhoneNumberOptions
{
    public const string SectionName = "PhoneNumbers";

    public string CountryCode { get; set; } = "86";

    public string NationalPrefix { get; set; } = "0";

    public string InternationalPrefix { get; set; } = "00";

    /// <summary>Shortest national significant number (area code + subscriber, without the national prefix).</summary>
    public int MinNationalLength { get; set; } = 9;

    public int MaxNationalLength { get; set; } = 11;

    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (CountryCode is not { Length: >= 1 and <= 3 } || !CountryCode.All(char.IsAsciiDigit) || CountryCode[0] == '0')
        {
            errors.Add($"{SectionName}:{nameof(CountryCode)} must be 1 to 3 digits not starting with 0");
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
