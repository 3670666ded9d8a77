using System.Text.RegularExpressions;

namespace TelecomContactCenter.Core.Offers;

/// <summary>
/// Fills <c>{Name}</c>-style slots; unfilled slots stay visible in the text and are reported. A segment in double
/// brackets, <c>[[, and it rises to {next pct}% at {next milestone}]]</c>, is optional: it is kept (without the
/// brackets) only when every slot inside has a value, and dropped silently otherwise. A slot whose value is empty
/// works as a flag that keeps its segment without adding text.
/// </summary>
public static partial class ScriptTemplate
{
    public static (string Text, IReadOnlyList<string> Missing) Render(
        string script, IReadOnlyDictionary<string, string> values, IReadOnlyDictionary<string, string> defaults)
    {
        ArgumentNullException.ThrowIfNull(script);
        ArgumentNullException.ThrowIfNull(values);
        ArgumentNullException.ThrowIfNull(defaults);
        string? Value(string key) => values.TryGetValue(key, out var v) || defaults.TryGetValue(key, out v) ? v : null;

        var kept = Optional().Replace(script, m =>
            Slot().Matches(m.Groups[1].Value).All(s => Value(s.Groups[1].Value) is not null) ? m.Groups[1].Value : "");
        var missing = new List<string>();
        var text = Slot().Replace(kept, m =>
        {
            var key = m.Groups[1].Value;
            if (Value(key) is { } v)
            {
                return v;
            }

            if (!missing.Contains(key))
            {
                missing.Add(key);
            }

            return m.Value;
        });
        return (text, missing);
    }

    /// <summary>Every slot the script names, optional segments included.</summary>
    public static IReadOnlyList<string> Slots(string script)
    {
        ArgumentNullException.ThrowIfNull(script);
        return Slot().Matches(script).Select(m => m.Groups[1].Value).Distinct(StringComparer.Ordinal).ToList();
    }

    [GeneratedRegex(@"\{([^{}]+)\}")]
    private static partial Regex Slot();

    [GeneratedRegex(@"\[\[(.*?)\]\]", RegexOptions.Singleline)]
    private static partial Regex Optional();
}
