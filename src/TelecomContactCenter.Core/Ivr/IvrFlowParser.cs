using System.Text.Json;
using System.Text.RegularExpressions;

namespace TelecomContactCenter.Core.Ivr;

/// <summary>
/// Reads one flow file against the rules of ivr-flow.schema.json (checked by hand: no JSON Schema package restores
/// here). Semantic checks across states come after, in <see cref="IvrFlowValidator"/>.
/// </summary>
internal static partial class IvrFlowParser
{
    private static readonly JsonDocumentOptions Options = new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };

    private static readonly Dictionary<string, DayOfWeek> Days = new()
    {
        ["Mon"] = DayOfWeek.Monday,
        ["Tue"] = DayOfWeek.Tuesday,
        ["Wed"] = DayOfWeek.Wednesday,
        ["Thu"] = DayOfWeek.Thursday,
        ["Fri"] = DayOfWeek.Friday,
        ["Sat"] = DayOfWeek.Saturday,
        ["Sun"] = DayOfWeek.Sunday,
    };

    [GeneratedRegex("^[a-z0-9][a-z0-9-]*$")]
    internal static partial Regex Name();

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9_-]*$")]
    internal static partial Regex StateId();

    [GeneratedRegex(@"^\+?[0-9*#]{1,32}$")]
    private static partial Regex AccessNumber();

    [GeneratedRegex("^[+-](0[0-9]|1[0-4]):[0-5][0-9]$")]
    private static partial Regex UtcOffset();

    public static IvrFlow? Parse(string file, string json, List<IvrFlowError> errors)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, Options);
        }
        catch (JsonException ex)
        {
            errors.Add(new IvrFlowError(file, null, $"not valid JSON: {ex.Message}"));
            return null;
        }

        using (document)
        {
            return Read(new FlowJson(file, errors), file, document.RootElement, errors);
        }
    }

    private static IvrFlow? Read(FlowJson json, string file, JsonElement root, List<IvrFlowError> errors)
    {
        var before = errors.Count;
        if (!json.Shape(root, null, "the flow", ["id", "version", "accessNumbers", "start", "states"],
                ["$schema", "description", "mode", "defaultQueue", "calendars"]))
        {
            return null;
        }

        var id = json.String(root, "id", null, "the flow", Name());
        var version = json.String(root, "version", null, "the flow");
        var accessNumbers = json.Array(root, "accessNumbers", null, "the flow",
            n => AccessNumber().IsMatch(n) ? (Number?)new Number(n) : null, "digits, *, # with an optional leading +");
        var start = json.String(root, "start", null, "the flow", StateId());
        var defaultQueue = root.TryGetProperty("defaultQueue", out _) ? json.String(root, "defaultQueue", null, "the flow", Name()) : "general";
        var mode = IvrFlowMode.Media;
        if (json.String(root, "mode", null, "the flow") is { } modeText)
        {
            mode = modeText switch
            {
                "media" => IvrFlowMode.Media,
                "routing-only" => IvrFlowMode.RoutingOnly,
                _ => Fail(json, $"the flow: 'mode' must be \"media\" or \"routing-only\", not \"{modeText}\"", IvrFlowMode.Media),
            };
        }

        var calendars = new Dictionary<string, BusinessHours>();
        if (root.TryGetProperty("calendars", out var calendarsElement))
        {
            if (calendarsElement.ValueKind != JsonValueKind.Object)
            {
                json.Error(null, "the flow: 'calendars' must be an object");
            }
            else
            {
                foreach (var property in calendarsElement.EnumerateObject())
                {
                    if (ReadCalendar(json, property.Name, property.Value) is { } calendar)
                    {
                        calendars[property.Name] = calendar;
                    }
                }
            }
        }

        var states = new Dictionary<string, IvrNode>();
        if (root.TryGetProperty("states", out var statesElement))
        {
            if (statesElement.ValueKind != JsonValueKind.Object || !statesElement.EnumerateObject().Any())
            {
                json.Error(null, "the flow: 'states' must be an object with at least one state");
            }
            else
            {
                foreach (var property in statesElement.EnumerateObject())
                {
                    if (!StateId().IsMatch(property.Name))
                    {
                        json.Error(property.Name, $"state id does not match {StateId()}");
                    }
                    else if (IvrNodeReader.Read(json, property.Name, property.Value) is { } node)
                    {
                        states[property.Name] = node;
                    }
                }
            }
        }

        if (errors.Count > before || id is null || version is null || accessNumbers is null || start is null || defaultQueue is null)
        {
            return null;
        }

        return new IvrFlow(file, id, version, [.. accessNumbers.Select(n => n.Value)], mode, defaultQueue, start, states, calendars);
    }

    private static BusinessHours? ReadCalendar(FlowJson json, string name, JsonElement element)
    {
        var where = $"calendar '{name}'";
        if (!json.Shape(element, null, where, ["utcOffset", "weekly"], ["closedDates", "description"]))
        {
            return null;
        }

        var offsetText = json.String(element, "utcOffset", null, where, UtcOffset());
        var closed = json.Array(element, "closedDates", null, where, FlowJson.ParseDate, "a date as yyyy-MM-dd") ?? [];
        var windows = new List<OpeningWindow>();
        if (element.TryGetProperty("weekly", out var weekly))
        {
            if (weekly.ValueKind != JsonValueKind.Array || weekly.GetArrayLength() == 0)
            {
                json.Error(null, $"{where}: 'weekly' must be a non-empty array");
                return null;
            }

            foreach (var window in weekly.EnumerateArray())
            {
                var windowWhere = $"{where} window {windows.Count + 1}";
                if (!json.Shape(window, null, windowWhere, ["days", "open", "close"], []))
                {
                    return null;
                }

                var days = json.Array<DayOfWeek>(window, "days", null, windowWhere, d => Days.TryGetValue(d, out var day) ? day : (DayOfWeek?)null, "Mon, Tue, Wed, Thu, Fri, Sat or Sun");
                var open = json.String(window, "open", null, windowWhere) is { } o ? FlowJson.ParseTime(o) : null;
                var close = json.String(window, "close", null, windowWhere) is { } c ? FlowJson.ParseTime(c) : null;
                if (days is null || open is null || close is null || close <= open)
                {
                    json.Error(null, $"{windowWhere}: needs days and open < close as HH:mm on the same day");
                    return null;
                }

                windows.Add(new OpeningWindow(days, open.Value, close.Value));
            }
        }

        if (offsetText is null)
        {
            return null;
        }

        var offset = TimeSpan.Parse(offsetText.TrimStart('+'), System.Globalization.CultureInfo.InvariantCulture);
        return new BusinessHours(name, offset, windows, closed);
    }

    private static T Fail<T>(FlowJson json, string problem, T fallback)
    {
        json.Error(null, problem);
        return fallback;
    }

    private readonly record struct Number(string Value);
}
