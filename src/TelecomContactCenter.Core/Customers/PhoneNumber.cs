using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace TelecomContactCenter.Core.Customers;

/// <summary>Outcome of normalising a dialled or presented number: a number, or a reason it was rejected.</summary>
public sealed record PhoneNumberParseResult(PhoneNumber? Number, string? Error)
{
    [MemberNotNullWhen(true, nameof(Number))]
    [MemberNotNullWhen(false, nameof(Error))]
    public bool Success => Number is not null;
}

/// <summary>
/// A phone number in E.164 form ("+8613800000001"), the one key used to match callers (ANI, From, P-Asserted-Identity)
/// to customers. Accepts "+CC…", international-prefix ("00CC…"), national-prefix ("0…"), bare national and bare
/// "CC…" forms, with spaces, dashes, dots or parentheses. A bare number that fits the national length is read as
/// national even if it starts with the country code digits.
/// </summary>
public sealed record PhoneNumber
{
    private PhoneNumber(string e164) => E164 = e164;

    public string E164 { get; }

    /// <summary>The number with all but the first five and last four digits hidden, for logs.</summary>
    public string Masked => E164.Length <= 9 ? new string('*', E164.Length) : E164[..5] + new string('*', E164.Length - 9) + E164[^4..];

    public override string ToString() => E164;

    public static bool TryParse(string? input, PhoneNumberOptions? options, [NotNullWhen(true)] out PhoneNumber? number)
    {
        number = Parse(input, options).Number;
        return number is not null;
    }

    public static PhoneNumberParseResult Parse(string? input, PhoneNumberOptions? options = null)
    {
        var o = options ?? new PhoneNumberOptions();
        if (string.IsNullOrWhiteSpace(input))
        {
            return Fail("the number is empty");
        }

        var trimmed = input.Trim();
        var international = trimmed.StartsWith('+');
        var digits = new StringBuilder(trimmed.Length);
        foreach (var c in international ? trimmed[1..] : trimmed)
        {
            if (char.IsAsciiDigit(c))
            {
                digits.Append(c);
            }
            else if (c is not (' ' or '-' or '.' or '(' or ')'))
            {
                return Fail($"'{c}' is not allowed in a phone number");
            }
        }

        var d = digits.ToString();
        if (d.Length == 0)
        {
            return Fail("the number has no digits");
        }

        if (!international && d.StartsWith(o.InternationalPrefix, StringComparison.Ordinal))
        {
            international = true;
            d = d[o.InternationalPrefix.Length..];
        }

        return international ? FromInternational(d, o) : FromDomestic(d, o);
    }

    private static PhoneNumberParseResult FromInternational(string digits, PhoneNumberOptions o)
    {
        if (digits.Length == 0 || digits[0] == '0')
        {
            return Fail("a country code cannot start with 0");
        }

        if (digits.StartsWith(o.CountryCode, StringComparison.Ordinal))
        {
            var national = digits[o.CountryCode.Length..];

            // "+86 (0)10 …": a national prefix written after the country code is dropped.
            if (o.NationalPrefix.Length > 0 && national.StartsWith(o.NationalPrefix, StringComparison.Ordinal)
                && FitsNational(national.Length - o.NationalPrefix.Length, o))
            {
                national = national[o.NationalPrefix.Length..];
            }

            return FitsNational(national.Length, o)
                ? Ok(o.CountryCode + national)
                : Fail($"+{o.CountryCode} numbers have {o.MinNationalLength}–{o.MaxNationalLength} digits after the country code, not {national.Length}");
        }

        return digits.Length is >= 7 and <= 15
            ? Ok(digits)
            : Fail($"an international number has 7–15 digits, not {digits.Length}");
    }

    private static PhoneNumberParseResult FromDomestic(string digits, PhoneNumberOptions o)
    {
        if (o.NationalPrefix.Length > 0 && digits.StartsWith(o.NationalPrefix, StringComparison.Ordinal))
        {
            var national = digits[o.NationalPrefix.Length..];
            return FitsNational(national.Length, o)
                ? Ok(o.CountryCode + national)
                : Fail($"a national number has {o.MinNationalLength}–{o.MaxNationalLength} digits after the prefix {o.NationalPrefix}, not {national.Length}");
        }

        if (FitsNational(digits.Length, o))
        {
            return Ok(o.CountryCode + digits);
        }

        if (digits.StartsWith(o.CountryCode, StringComparison.Ordinal) && FitsNational(digits.Length - o.CountryCode.Length, o))
        {
            return Ok(digits);
        }

        return Fail($"{digits.Length} digits is neither a national number ({o.MinNationalLength}–{o.MaxNationalLength} digits) nor one with country code {o.CountryCode}");
    }

    private static bool FitsNational(int length, PhoneNumberOptions o) => length >= o.MinNationalLength && length <= o.MaxNationalLength;

    private static PhoneNumberParseResult Ok(string digits) => new(new PhoneNumber("+" + digits), null);

    private static PhoneNumberParseResult Fail(string reason) => new(null, reason);
}
