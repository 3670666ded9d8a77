using System.Text.Json;
using TelecomContactCenter.Core.Customers;

namespace TelecomContactCenter.Core.Ivr;

/// <summary>Reads one state object by its "kind", with the properties ivr-flow.schema.json allows for that kind.</summary>
internal static class IvrNodeReader
{
    /// <summary>The "kind" values, in the schema's order; a test keeps the schema file in step with this list.</summary>
    public static readonly string[] Kinds = ["play", "menu", "branch", "setQueue", "routeToOwner", "queue", "callback", "hangup"];

    private static readonly Dictionary<string, OwnerTarget> Targets = new()
    {
        ["complaintOwner"] = OwnerTarget.ComplaintOwner,
        ["accountManager"] = OwnerTarget.AccountManager,
        ["complaintOwnerOrAccountManager"] = OwnerTarget.ComplaintOwnerOrAccountManager,
    };

    public static IvrNode? Read(FlowJson json, string state, JsonElement element)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            json.Error(state, $"must be an object, not {FlowJson.Kind(element)}");
            return null;
        }

        var kind = json.String(element, "kind", state, "the state");
        if (kind is null || !Kinds.Contains(kind))
        {
            json.Error(state, $"'kind' must be one of {string.Join(", ", Kinds)}");
            return null;
        }

        string[] common = ["kind", "description"];
        (string[] Required, string[] Optional) shape = kind switch
        {
            "play" => (["prompt", "next"], []),
            "menu" => (["prompt", "choices", "timeoutSeconds", "retries", "onExhausted"], ["invalidInputPrompt", "noInputPrompt"]),
            "branch" => (["conditions", "default"], []),
            "setQueue" => (["queue", "next"], ["priorityBonus", "skills"]),
            "routeToOwner" => (["target", "overflowAfterSeconds", "overflow"], ["noOwner"]),
            "queue" => ([], ["queue", "prompt"]),
            "callback" => (["prompt", "next"], ["queue"]),
            _ => ([], ["prompt", "reason"]),
        };
        var before = json.ErrorCount;
        json.Shape(element, state, $"a {kind} state", shape.Required, [.. common, .. shape.Optional]);
        var where = $"{kind}";
        string? S(string name) => json.String(element, name, state, where, name.Contains("rompt", StringComparison.Ordinal) || name == "queue" ? IvrFlowParser.Name() : null);
        IvrNode? node = kind switch
        {
            "play" => S("prompt") is { } p && S("next") is { } n ? new PlayNode(p, n) : null,
            "menu" => ReadMenu(json, state, element),
            "branch" => ReadBranch(json, state, element),
            "setQueue" => S("queue") is { } q && S("next") is { } n
                ? new SetQueueNode(q, json.Int(element, "priorityBonus", state, where, -1000, 1000) ?? 0, ReadSkills(json, state, element), n)
                : null,
            "routeToOwner" => ReadRouteToOwner(json, state, element),
            "queue" => new QueueNode(S("queue"), S("prompt")),
            "callback" => S("prompt") is { } p && S("next") is { } n ? new CallbackNode(S("queue"), p, n) : null,
            _ => new HangupNode(S("prompt"), S("reason") ?? "the flow ended"),
        };
        return json.ErrorCount > before ? null : node;
    }

    private static MenuNode? ReadMenu(FlowJson json, string state, JsonElement element)
    {
        var choices = new Dictionary<char, string>();
        if (element.TryGetProperty("choices", out var choicesElement))
        {
            if (choicesElement.ValueKind != JsonValueKind.Object || !choicesElement.EnumerateObject().Any())
            {
                json.Error(state, "menu: 'choices' must be an object with at least one key");
            }
            else
            {
                foreach (var choice in choicesElement.EnumerateObject())
                {
                    if (choice.Name.Length != 1 || !"0123456789*#".Contains(choice.Name[0], StringComparison.Ordinal))
                    {
                        json.Error(state, $"menu: choice key '{choice.Name}' must be one of 0-9, * or #");
                    }
                    else if (choice.Value.ValueKind != JsonValueKind.String || choice.Value.GetString() is not { Length: > 0 } target)
                    {
                        json.Error(state, $"menu: choice '{choice.Name}' must name a state");
                    }
                    else
                    {
                        choices[choice.Name[0]] = target;
                    }
                }
            }
        }

        var prompt = json.String(element, "prompt", state, "menu", IvrFlowParser.Name());
        var timeout = json.Int(element, "timeoutSeconds", state, "menu", 1, 60);
        var retries = json.Int(element, "retries", state, "menu", 0, 9);
        var exhausted = json.String(element, "onExhausted", state, "menu");
        var invalid = json.String(element, "invalidInputPrompt", state, "menu", IvrFlowParser.Name());
        var noInput = json.String(element, "noInputPrompt", state, "menu", IvrFlowParser.Name());
        return prompt is null || timeout is null || retries is null || exhausted is null
            ? null
            : new MenuNode(prompt, choices, TimeSpan.FromSeconds(timeout.Value), retries.Value, invalid, noInput, exhausted);
    }

    private static BranchNode? ReadBranch(FlowJson json, string state, JsonElement element)
    {
        var fallback = json.String(element, "default", state, "branch");
        if (!element.TryGetProperty("conditions", out var list) || list.ValueKind != JsonValueKind.Array || list.GetArrayLength() == 0)
        {
            json.Error(state, "branch: 'conditions' must be a non-empty array");
            return null;
        }

        var conditions = new List<BranchCondition>();
        foreach (var item in list.EnumerateArray())
        {
            var where = $"condition {conditions.Count + 1}";
            if (!json.Shape(item, state, where, ["next"],
                    ["label", "tier", "stage", "hasOpenComplaint", "identityConfidence", "businessHours", "outsideBusinessHours"]))
            {
                return null;
            }

            var next = json.String(item, "next", state, where);
            var label = json.String(item, "label", state, where) ?? next ?? "?";
            var open = json.String(item, "businessHours", state, where);
            var closed = json.String(item, "outsideBusinessHours", state, where);
            if (open is not null && closed is not null)
            {
                json.Error(state, $"{where}: use only one of 'businessHours' and 'outsideBusinessHours'");
            }

            BusinessHoursCondition? hours = open is not null ? new(open, true) : closed is not null ? new(closed, false) : null;
            conditions.Add(new BranchCondition(
                label,
                json.Array(item, "tier", state, where, FlowJson.ParseEnum<ValueTier>, string.Join(", ", Enum.GetNames<ValueTier>())),
                json.Array(item, "stage", state, where, FlowJson.ParseEnum<LifecycleStage>, string.Join(", ", Enum.GetNames<LifecycleStage>())),
                json.Bool(item, "hasOpenComplaint", state, where),
                json.Array(item, "identityConfidence", state, where, FlowJson.ParseEnum<CallerIdentityConfidence>,
                    string.Join(", ", Enum.GetNames<CallerIdentityConfidence>())),
                hours,
                next ?? ""));
        }

        return fallback is null ? null : new BranchNode(conditions, fallback);
    }

    private static Dictionary<string, int> ReadSkills(FlowJson json, string state, JsonElement element)
    {
        var skills = new Dictionary<string, int>();
        if (!element.TryGetProperty("skills", out var skillsElement))
        {
            return skills;
        }

        if (skillsElement.ValueKind != JsonValueKind.Object)
        {
            json.Error(state, "setQueue: 'skills' must be an object of skill → minimum level");
            return skills;
        }

        foreach (var skill in skillsElement.EnumerateObject())
        {
            if (!IvrFlowParser.Name().IsMatch(skill.Name))
            {
                json.Error(state, $"setQueue: skill name '{skill.Name}' does not match {IvrFlowParser.Name()}");
            }
            else if (json.Int(skillsElement, skill.Name, state, "setQueue skills", 1, 10) is { } level)
            {
                skills[skill.Name] = level;
            }
        }

        return skills;
    }

    private static RouteToOwnerNode? ReadRouteToOwner(FlowJson json, string state, JsonElement element)
    {
        var targetText = json.String(element, "target", state, "routeToOwner");
        OwnerTarget? target = targetText is not null && Targets.TryGetValue(targetText, out var t) ? t : null;
        if (targetText is not null && target is null)
        {
            json.Error(state, $"routeToOwner: 'target' must be one of {string.Join(", ", Targets.Keys)}");
        }

        var after = json.Int(element, "overflowAfterSeconds", state, "routeToOwner", 0, 600);
        var overflow = json.String(element, "overflow", state, "routeToOwner");
        var noOwner = json.String(element, "noOwner", state, "routeToOwner");
        return target is null || after is null || overflow is null
            ? null
            : new RouteToOwnerNode(target.Value, TimeSpan.FromSeconds(after.Value), overflow, noOwner);
    }
}
