using System.Text.RegularExpressions;

namespace TelecomContactCenter.Core.Offers;

/// <summary>Fills <c>{Name}</c>-style slots; unfilled slots stay visible in the text and are reported.</summary>
public static partial class ScriptTemplate
{
    public static (string Text, IReadOnlyList<string> Missing) Render(
        string script, IReadOnlyDictionary<string, string> values, IReadOnlyDictionary<string, string> defaults)
    {
        ArgumentNullException.ThrowIfNull(script);
        ArgumentNullException.ThrowIfNull(values);
        ArgumentNullException.ThrowIfNull(defaults);
        var missing = new List<string>();
        var text = Slot().Replace(script, m =>
        {
            var key = m.Groups[1].Value;
            if (values.TryGetValue(key, out var v) || defaults.TryGetValue(key, out v))
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

    [GeneratedRegex(@"\{([^{}]+)\}")]
    private static partial Regex Slot();
}
