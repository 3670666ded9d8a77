using System.Diagnostics.CodeAnalysis;
using System.Text;
using Microsoft.Extensions.Options;

namespace TelecomContactCenter.Sip.Identity;

/// <summary>Outcome of normalising a number: E.164 ("+8613800000001"), or the reason it is not a subscriber number.</summary>
public sealed record PhoneNumberParseResult(string? E164, string? Error)
{
    [MemberNotNullWhen(true, nameof(E164))]
    [MemberNotNullWhen(false, nameof(Error))]
    public bool Success => E164 is not null;
}

/// <summary>
/// The one normaliser of phone numbers to E.164 "+CCNSN", the key that matches callers (P-Asserted-Identity, From,
/// tel: URIs) and numbers typed by agents or sent to the API to customers. Reads "+CC…", international-prefix
/// ("00CC…"), national-prefix ("0…"), bare national and bare "CC…" forms by the <see cref="PhoneNumberOptions"/>
/// plan; a bare number that fits the national length is national even if it starts with the country code digits.
/// Immutable, so safe to share between threads.
/// </summary>
public sealed class E164Normalizer
{
    private const int MinInternationalDigits = 7;
    private const int MaxE164Digits = 15;
    private readonly PhoneNumberOptions _plan;

    public E164Normalizer(IOptions<PhoneNumberOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _plan = options.Value;
    }

    /// <summary>
    /// Normalises a number written by a person (API, desktop, demo data): digits with an optional leading "+" and the
    /// separators " - . ( )". The error says why a number was refused, for a ProblemDetails.
    /// </summary>
    public PhoneNumberParseResult Parse(string? input) => Read(input, separators: true, phoneContext: null);

    /// <summary>
    /// Normalises a number received in SIP. <paramref name="isPhoneNumber"/> is true for tel: URIs and sip: URIs
    /// with <c>;user=phone</c>: then visual separators (RFC 3966 "-", ".", "(", ")") and telephone-subscriber
    /// parameters (";isub=", ";phone-context=") are understood; otherwise only plain digits with an optional "+"
    /// count as a number. <paramref name="phoneContext"/> (a tel: URI parameter) completes a local number when it
    /// is a global "+digits" context. Returns null when the text is not a subscriber number.
    /// </summary>
    public string? Normalize(string? number, bool isPhoneNumber, string? phoneContext = null)
    {
        if (string.IsNullOrWhiteSpace(number))
        {
            return null;
        }

        var text = number.Trim();
        if (isPhoneNumber && text.IndexOf(';', StringComparison.Ordinal) is var parameters and >= 0)
        {
            phoneContext ??= ReadParameter(text.AsSpan(parameters + 1), "phone-context");
            text = text[..parameters];
        }

        return Read(text, separators: isPhoneNumber, phoneContext).E164;
    }

    private PhoneNumberParseResult Read(string? input, bool separators, string? phoneContext)
    {
        if (string.IsNullOrWhiteSpace(input))
        {
            return Fail("the number is empty");
        }

        var trimmed = input.Trim();
        var international = trimmed.StartsWith('+');
        var digits = new StringBuilder(trimmed.Length);
        foreach (var c in international ? trimmed.AsSpan(1) : trimmed.AsSpan())
        {
            if (char.IsAsciiDigit(c))
            {
                digits.Append(c);
            }
            else if (!separators || c is not (' ' or '-' or '.' or '(' or ')'))
            {
                return Fail($"'{c}' is not allowed in a phone number");
            }
        }

        var d = digits.ToString();
        if (d.Length == 0)
        {
            return Fail("the number has no digits");
        }

        // A global phone-context ("+86-10") is the local number's prefix (RFC 3966 §5.1.5); a domain context adds nothing.
        if (!international && GlobalPrefix(phoneContext) is { } prefix)
        {
            international = true;
            d = prefix + d;
        }

        if (!international && d.StartsWith(_plan.InternationalPrefix, StringComparison.Ordinal))
        {
            international = true;
            d = d[_plan.InternationalPrefix.Length..];
        }

        return international ? FromInternational(d) : FromDomestic(d);
    }

    private PhoneNumberParseResult FromInternational(string digits)
    {
        if (digits.Length == 0 || digits[0] == '0')
        {
            return Fail("a country code cannot start with 0");
        }

        if (digits.StartsWith(_plan.CountryCode, StringComparison.Ordinal))
        {
            var national = digits[_plan.CountryCode.Length..];

            // "+86 (0)10 …": a national prefix written after the country code is dropped.
            if (_plan.NationalPrefix.Length > 0 && national.StartsWith(_plan.NationalPrefix, StringComparison.Ordinal)
                && FitsNational(national.Length - _plan.NationalPrefix.Length))
            {
                national = national[_plan.NationalPrefix.Length..];
            }

            return FitsNational(national.Length)
                ? Ok(_plan.CountryCode + national)
                : Fail($"+{_plan.CountryCode} numbers have {_plan.MinNationalLength}–{_plan.MaxNationalLength} digits after the country code, not {national.Length}");
        }

        return digits.Length is >= MinInternationalDigits and <= MaxE164Digits
            ? Ok(digits)
            : Fail($"an international number has {MinInternationalDigits}–{MaxE164Digits} digits, not {digits.Length}");
    }

    private PhoneNumberParseResult FromDomestic(string digits)
    {
        if (_plan.NationalPrefix.Length > 0 && digits.StartsWith(_plan.NationalPrefix, StringComparison.Ordinal))
        {
            var national = digits[_plan.NationalPrefix.Length..];
            return FitsNational(national.Length)
                ? Ok(_plan.CountryCode + national)
                : Fail($"a national number has {_plan.MinNationalLength}–{_plan.MaxNationalLength} digits after the prefix {_plan.NationalPrefix}, not {national.Length}");
        }

        if (FitsNational(digits.Length))
        {
            return Ok(_plan.CountryCode + digits);
        }

        // Trunks often send the country code without "+" (8613800000001).
        if (digits.StartsWith(_plan.CountryCode, StringComparison.Ordinal) && FitsNational(digits.Length - _plan.CountryCode.Length))
        {
            return Ok(digits);
        }

        return Fail($"{digits.Length} digits is neither a national number ({_plan.MinNationalLength}–{_plan.MaxNationalLength} digits) nor one with country code {_plan.CountryCode}");
    }

    private bool FitsNational(int length) => length >= _plan.MinNationalLength && length <= _plan.MaxNationalLength;

    /// <summary>The digits of a global "+digits" phone-context, or null for a domain name or anything else.</summary>
    private static string? GlobalPrefix(string? phoneContext)
    {
        if (phoneContext is not ['+', _, ..])
        {
            return null;
        }

        var digits = new StringBuilder(phoneContext.Length);
        foreach (var c in phoneContext.AsSpan(1))
        {
            if (char.IsAsciiDigit(c))
            {
                digits.Append(c);
            }
            else if (c is not ('-' or '.' or '(' or ')'))
            {
                return null;
            }
        }

        return digits.Length == 0 || digits[0] == '0' ? null : digits.ToString();
    }

    private static string? ReadParameter(ReadOnlySpan<char> parameters, string name)
    {
        foreach (var range in parameters.Split(';'))
        {
            var parameter = parameters[range];
            var equals = parameter.IndexOf('=');
            if (equals > 0 && parameter[..equals].Trim().Equals(name, StringComparison.OrdinalIgnoreCase))
            {
                return parameter[(equals + 1)..].Trim().ToString();
            }
        }

        return null;
    }

    private static PhoneNumberParseResult Ok(string digits) => new("+" + digits, null);

    private static PhoneNumberParseResult Fail(string reason) => new(null, reason);
}
