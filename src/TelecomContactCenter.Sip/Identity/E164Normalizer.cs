using Microsoft.Extensions.Options;

namespace TelecomContactCenter.Sip.Identity;

/// <summary>
/// Turns a received telephone number (tel: number, or the user part of a sip: URI) into E.164 "+CCNSN" using the
/// configured numbering plan. Immutable, so safe to share between threads.
/// </summary>
public sealed class E164Normalizer
{
    private const int MaxE164Digits = 15;
    private readonly CallerIdentityOptions _plan;

    public E164Normalizer(IOptions<CallerIdentityOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _plan = options.Value;
    }

    /// <summary>
    /// Normalises <paramref name="number"/>. <paramref name="isPhoneNumber"/> is true for tel: URIs and sip: URIs
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

        var text = number.AsSpan().Trim();
        if (isPhoneNumber)
        {
            var parameters = text.IndexOf(';');
            if (parameters >= 0)
            {
                phoneContext ??= ReadParameter(text[(parameters + 1)..], "phone-context");
                text = text[..parameters];
            }
        }

        Span<char> digits = stackalloc char[32];
        var count = 0;
        var global = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '+' && i == 0)
            {
                global = true;
            }
            else if (char.IsAsciiDigit(c))
            {
                if (count == digits.Length)
                {
                    return null;
                }

                digits[count++] = c;
            }
            else if (!isPhoneNumber || c is not ('-' or '.' or '(' or ')' or ' '))
            {
                return null;
            }
        }

        return count == 0 ? null : Complete(digits[..count], global, phoneContext);
    }

    private string? Complete(ReadOnlySpan<char> digits, bool global, string? phoneContext)
    {
        if (global)
        {
            return AsE164(digits);
        }

        // A global phone-context ("+86-10") is the number's prefix (RFC 3966 §5.1.5); a domain context adds nothing.
        if (phoneContext is ['+', ..] && Normalize(phoneContext, isPhoneNumber: true) is { } prefix)
        {
            return AsE164(string.Concat(prefix.AsSpan(1), digits));
        }

        if (digits.StartsWith(_plan.InternationalPrefix, StringComparison.Ordinal))
        {
            return AsE164(digits[_plan.InternationalPrefix.Length..]);
        }

        if (_plan.NationalPrefix.Length > 0 && digits.StartsWith(_plan.NationalPrefix, StringComparison.Ordinal))
        {
            var national = digits[_plan.NationalPrefix.Length..];
            return IsNationalLength(national.Length) ? AsE164(string.Concat(_plan.CountryCode, national)) : null;
        }

        // Trunks often send the country code without "+" (8613800000001): longer than any national number.
        if (digits.Length > _plan.MaxNationalNumberLength
            && digits.StartsWith(_plan.CountryCode, StringComparison.Ordinal))
        {
            return AsE164(digits);
        }

        return IsNationalLength(digits.Length) ? AsE164(string.Concat(_plan.CountryCode, digits)) : null;
    }

    private bool IsNationalLength(int length) =>
        length >= _plan.MinNationalNumberLength && length <= _plan.MaxNationalNumberLength;

    private static string? AsE164(ReadOnlySpan<char> digits) =>
        digits.Length is >= 3 and <= MaxE164Digits && digits[0] != '0' ? string.Concat("+", digits) : null;

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
}
