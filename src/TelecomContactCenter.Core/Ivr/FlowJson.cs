using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace TelecomContactCenter.Core.Ivr;

/// <summary>
/// Typed reads of one JSON object with the checks ivr-flow.schema.json states (required, unknown properties, types,
/// patterns, ranges), collecting every problem instead of stopping at the first.
/// </summary>
internal sealed class FlowJson(string file, List<IvrFlowError> errors)
{
    public int ErrorCount => errors.Count;

    public void Error(string? state, string problem) => errors.Add(new IvrFlowError(file, state, problem));

    /// <summary>Reports a non-object, missing required and unknown properties; false when <paramref name="element"/> is unusable.</summary>
    public bool Shape(JsonElement element, string? state, string where, string[] required, string[] optional)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            Error(state, $"{where} must be an object, not {Kind(element)}");
            return false;
        }

        foreach (var name in required.Where(r => !element.TryGetProperty(r, out _)))
        {
            Error(state, $"{where} is missing required property '{name}'");
        }

        foreach (var property in element.EnumerateObject().Where(p => !required.Contains(p.Name) && !optional.Contains(p.Name)))
        {
            Error(state, $"{where} has unknown property '{property.Name}'");
        }

        return true;
    }

    public string? String(JsonElement obj, string name, string? state, string where, Regex? pattern = null)
    {
        if (!obj.TryGetProperty(name, out var value))
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.String || value.GetString() is not { Length: > 0 } text)
        {
            Error(state, $"{where}: '{name}' must be a non-empty string");
            return null;
        }

        if (pattern is not null && !pattern.IsMatch(text))
        {
            Error(state, $"{where}: '{name}' value '{text}' does not match {pattern}");
            return null;
        }

        return text;
    }

    public int? Int(JsonElement obj, string name, string? state, string where, int min, int max)
    {
        if (!obj.TryGetProperty(name, out var value))
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt32(out var number) || number < min || number > max)
        {
            Error(state, $"{where}: '{name}' must be an integer from {min} to {max}");
            return null;
        }

        return number;
    }

    public bool? Bool(JsonElement obj, string name, string? state, string where)
    {
        if (!obj.TryGetProperty(name, out var value))
        {
            return null;
        }

        if (value.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
        {
            Error(state, $"{where}: '{name}' must be true or false");
            return null;
        }

        return value.GetBoolean();
    }

    /// <summary>A non-empty array of distinct strings, each read by <paramref name="parse"/> (null = invalid item).</summary>
    public List<T>? Array<T>(JsonElement obj, string name, string? state, string where, Func<string, T?> parse, string expected)
        where T : struct
    {
        if (!obj.TryGetProperty(name, out var value))
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Array || value.GetArrayLength() == 0)
        {
            Error(state, $"{where}: '{name}' must be a non-empty array");
            return null;
        }

        var items = new List<T>();
        foreach (var item in value.EnumerateArray())
        {
            var text = item.ValueKind == JsonValueKind.String ? item.GetString() : null;
            if (text is null || parse(text) is not { } parsed)
            {
                Error(state, $"{where}: '{name}' has '{(text ?? item.GetRawText())}', expected {expected}");
                return null;
            }

            if (items.Contains(parsed))
            {
                Error(state, $"{where}: '{name}' lists '{text}' twice");
                return null;
            }

            items.Add(parsed);
        }

        return items;
    }

    public static T? ParseEnum<T>(string text)
        where T : struct, Enum =>
        Enum.GetNames<T>().Contains(text, StringComparer.Ordinal) ? Enum.Parse<T>(text) : null;

    public static TimeOnly? ParseTime(string text) =>
        TimeOnly.TryParseExact(text, "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var time) ? time : null;

    public static DateOnly? ParseDate(string text) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) ? date : null;

    public static string Kind(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        _ => "null",
    };
}
