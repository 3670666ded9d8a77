using System.Text.RegularExpressions;

namespace TelecomContactCenter.Sip.Identity;

/// <summary>
/// The one way phone numbers are written to logs (house rule): the first five and last two characters stay, the rest
/// are stars ("+8613******01"), so a line still tells calls apart without carrying a caller's number. Every log call
/// that carries a number, or text that may hold one (a URI, a refusal), passes it through here first.
/// </summary>
public static partial class PhoneNumberMask
{
    /// <summary>A number masked for a log line; "-" for none, all stars when seven characters or fewer.</summary>
    public static string Mask(string? number) => number switch
    {
        null => "-",
        { Length: <= 7 } => new string('*', number.Length),
        _ => string.Concat(number.AsSpan(0, 5), new string('*', number.Length - 7), number.AsSpan(number.Length - 2)),
    };

    /// <summary>
    /// <paramref name="text"/> with every run of seven or more digits (with its "+", if any) masked as
    /// <see cref="Mask"/> does: for a URI or a sentence that may carry a number.
    /// </summary>
    public static string MaskWithin(string? text) =>
        text is null ? "-" : DigitRun().Replace(text, match => Mask(match.Value));

    [GeneratedRegex(@"\+?\d{7,}", RegexOptions.CultureInvariant)]
    private static partial Regex DigitRun();
}
