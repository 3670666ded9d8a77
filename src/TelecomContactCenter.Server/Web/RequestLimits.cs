using System.Collections;
using System.Collections.Concurrent;
using System.ComponentModel.DataAnnotations;
using System.Reflection;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace TelecomContactCenter.Server.Web;

/// <summary>
/// Length and format limits on every field of every request body, checked before the handler runs, so an oversized
/// or malformed field is a ProblemDetails 400 naming the field and nothing is stored. Applied to each <c>/api</c>
/// route group, so an endpoint added later is covered without opting in. The rules, most specific first: a standard
/// <see cref="MaxLengthAttribute"/>, <see cref="StringLengthAttribute"/> or <see cref="RegularExpressionAttribute"/> on
/// the property or record parameter; then the field rules below by name (identifiers such as <c>callId</c>,
/// <c>offerId</c>, <c>scriptVersion</c> have a format; free text such as <c>summary</c>, <c>note(s)</c>, <c>reason</c> may
/// be long and span lines); every other string is one line of at most <see cref="DefaultMaxLength"/> characters.
/// Lists hold at most <see cref="MaxItems"/> entries. Thread-safe: the per-type plans are cached immutably.
/// </summary>
internal static partial class RequestLimits
{
    public const int DefaultMaxLength = 200;
    public const int FreeTextMaxLength = 2_000;
    public const int MaxItems = 100;
    private const int MaxDepth = 4;

    private static readonly ConcurrentDictionary<Type, FieldRule[]> Plans = new();

    private static readonly Dictionary<string, FieldRule> Named = new(StringComparer.OrdinalIgnoreCase)
    {
        ["summary"] = FieldRule.FreeText(FreeTextMaxLength),
        ["note"] = FieldRule.FreeText(FreeTextMaxLength),
        ["notes"] = FieldRule.FreeText(FreeTextMaxLength),
        ["reason"] = FieldRule.FreeText(FreeTextMaxLength),
        ["rootCause"] = FieldRule.FreeText(FreeTextMaxLength),
        ["password"] = FieldRule.Line(256),
        // A SIP Call-ID: visible ASCII, no spaces (RFC 3261 §25.1 word).
        ["callId"] = FieldRule.Pattern(128, SipWord(), "visible ASCII characters without spaces"),
        ["offerId"] = FieldRule.Pattern(64, Identifier(), "letters, digits, '.', '_' or '-'"),
        ["scriptVersion"] = FieldRule.Pattern(32, Identifier(), "letters, digits, '.', '_' or '-'"),
    };

    /// <summary>Adds the check to every endpoint of <paramref name="group"/> that takes a request body record.</summary>
    public static TBuilder WithRequestLimits<TBuilder>(this TBuilder group)
        where TBuilder : IEndpointConventionBuilder
    {
        group.AddEndpointFilterFactory((factory, next) =>
        {
            var checkedArguments = factory.MethodInfo.GetParameters()
                .Select((parameter, index) => (parameter, index))
                .Where(p => IsRequestRecord(Nullable.GetUnderlyingType(p.parameter.ParameterType) ?? p.parameter.ParameterType))
                .Select(p => p.index)
                .ToArray();
            if (checkedArguments.Length == 0)
            {
                return next;
            }

            return context =>
            {
                var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
                foreach (var index in checkedArguments)
                {
                    if (index < context.Arguments.Count && context.Arguments[index] is { } argument)
                    {
                        Check(argument, prefix: "", depth: 0, errors);
                    }
                }

                return errors.Count == 0 ? next(context) : ValueTask.FromResult<object?>(TypedResults.ValidationProblem(errors,
                    detail: "One or more fields are too long or not in the expected format; nothing was stored.",
                    title: "Invalid request fields", extensions: new Dictionary<string, object?> { [Refusal.Extension] = "request.invalidFields" }));
            };
        });
        return group;
    }

    /// <summary>The problems of one request object, keyed by JSON path (empty when it is within every limit).</summary>
    public static Dictionary<string, string[]> Validate(object request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        Check(request, "", 0, errors);
        return errors;
    }

    /// <summary>Checks one argument of a call that has no body record (a hub method): a string by its name, a record by field.</summary>
    public static void CheckArgument(string name, object value, Dictionary<string, string[]> errors)
    {
        ArgumentNullException.ThrowIfNull(value);
        ArgumentNullException.ThrowIfNull(errors);
        if (value is string text)
        {
            if ((Named.GetValueOrDefault(name) ?? FieldRule.Line(DefaultMaxLength)).Problem(text) is { } problem)
            {
                errors[name] = [problem];
            }
        }
        else if (IsRequestRecord(value.GetType()))
        {
            Check(value, name + ".", 0, errors);
        }
    }

    private static void Check(object value, string prefix, int depth, Dictionary<string, string[]> errors)
    {
        if (depth > MaxDepth)
        {
            return;
        }

        foreach (var rule in Plans.GetOrAdd(value.GetType(), Plan))
        {
            var path = prefix + rule.JsonName;
            switch (rule.Property!.GetValue(value))
            {
                case string text when rule.Problem(text) is { } problem:
                    errors[path] = [problem];
                    break;
                case string:
                    break;
                case IEnumerable items:
                    var index = 0;
                    foreach (var item in items)
                    {
                        if (index == MaxItems)
                        {
                            errors[path] = [$"At most {MaxItems} entries."];
                            break;
                        }

                        if (item is string entry && rule.Problem(entry) is { } entryProblem)
                        {
                            errors[$"{path}[{index}]"] = [entryProblem];
                        }
                        else if (item is not null && IsRequestRecord(item.GetType()))
                        {
                            Check(item, $"{path}[{index}].", depth + 1, errors);
                        }

                        index++;
                    }

                    break;
                case { } nested when IsRequestRecord(nested.GetType()):
                    Check(nested, path + ".", depth + 1, errors);
                    break;
            }
        }
    }

    private static FieldRule[] Plan(Type type)
    {
        var parameters = type.GetConstructors().SelectMany(c => c.GetParameters())
            .GroupBy(p => p.Name!, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => g.First(), StringComparer.OrdinalIgnoreCase);
        return [.. type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.GetIndexParameters().Length == 0 && p.Name != "EqualityContract")
            .Select(p =>
            {
                parameters.TryGetValue(p.Name, out var parameter);
                var rule = RuleFor(p, parameter);
                return rule with { Property = p, JsonName = JsonNamingPolicy.CamelCase.ConvertName(p.Name) };
            })];
    }

    private static FieldRule RuleFor(PropertyInfo property, ParameterInfo? parameter)
    {
        T? Attribute<T>() where T : Attribute =>
            property.GetCustomAttribute<T>() ?? parameter?.GetCustomAttribute<T>();

        var named = Named.GetValueOrDefault(property.Name) ?? FieldRule.Line(DefaultMaxLength);
        var max = Attribute<MaxLengthAttribute>()?.Length ?? Attribute<StringLengthAttribute>()?.MaximumLength ?? named.MaxLength;
        var pattern = Attribute<RegularExpressionAttribute>() is { } regex
            ? new Regex(regex.Pattern, RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(100))
            : named.Format;
        var multiline = Attribute<DataTypeAttribute>()?.DataType == DataType.MultilineText || named.Multiline;
        return named with { MaxLength = max, Format = pattern, Multiline = multiline };
    }

    /// <summary>A record declared in this host (request bodies are; services and framework types are not).</summary>
    private static bool IsRequestRecord(Type type) =>
        type.Assembly == typeof(RequestLimits).Assembly && type.IsClass
        && type.GetMethod("<Clone>$", BindingFlags.Public | BindingFlags.Instance) is not null;

    [GeneratedRegex(@"^[\x21-\x7E]+$", RegexOptions.CultureInvariant)]
    private static partial Regex SipWord();

    [GeneratedRegex(@"^[A-Za-z0-9._-]+$", RegexOptions.CultureInvariant)]
    private static partial Regex Identifier();

    private sealed record FieldRule(int MaxLength, bool Multiline, Regex? Format, string? FormatDescription)
    {
        public PropertyInfo? Property { get; init; }

        public string JsonName { get; init; } = "";

        public static FieldRule Line(int max) => new(max, false, null, null);

        public static FieldRule FreeText(int max) => new(max, true, null, null);

        public static FieldRule Pattern(int max, Regex format, string description) => new(max, false, format, description);

        public string? Problem(string text)
        {
            if (text.Length > MaxLength)
            {
                return $"At most {MaxLength} characters.";
            }

            foreach (var c in text)
            {
                if (char.IsControl(c) && !(Multiline && c is '\r' or '\n' or '\t'))
                {
                    return Multiline ? "Control characters other than line breaks and tabs are not allowed." : "Must be one line without control characters.";
                }
            }

            return text.Length > 0 && Format is { } format && !format.IsMatch(text)
                ? $"Must be {FormatDescription ?? "in the expected format"}."
                : null;
        }
    }
}
