namespace TelecomContactCenter.Core.Ivr;

/// <summary>The instant states' decisions, each recorded on the session's path with its reason.</summary>
internal static class IvrDecisions
{
    public static string Branch(IvrSession session, BranchNode branch)
    {
        foreach (var condition in branch.Conditions)
        {
            if (Matches(session, condition, out var reasons))
            {
                session.Record(IvrPathEntryKind.Decision,
                    $"branch {condition.Label}: {string.Join("; ", reasons)} → {condition.Next}");
                return condition.Next;
            }
        }

        session.Record(IvrPathEntryKind.Decision, $"branch default: no condition matched ({Describe(session.Context)}) → {branch.Default}");
        return branch.Default;
    }

    public static string SetQueue(IvrSession session, SetQueueNode node)
    {
        session.Queue = node.Queue;
        session.PriorityBonus += node.PriorityBonus;
        session.Skills = node.Skills;
        var skills = node.Skills.Count == 0 ? "no skills" : "skills " + string.Join(", ", node.Skills.Select(s => $"{s.Key}≥{s.Value}"));
        session.Record(IvrPathEntryKind.Decision, $"queue {node.Queue}, priority bonus {node.PriorityBonus:+0;-0;+0}, {skills}");
        return node.Next;
    }

    public static string RouteToOwner(IvrSession session, RouteToOwnerNode node)
    {
        var context = session.Context;
        var complaintOwner = context.HasOpenComplaint ? context.ComplaintOwner : null;
        var (agent, role) = node.Target switch
        {
            OwnerTarget.ComplaintOwner => (complaintOwner, "complaint owner"),
            OwnerTarget.AccountManager => (context.AccountManager, "account manager"),
            _ when complaintOwner is not null => (complaintOwner, "complaint owner"),
            _ => (context.AccountManager, "account manager"),
        };
        if (string.IsNullOrWhiteSpace(agent))
        {
            var next = node.NoOwner ?? node.Overflow;
            session.Record(IvrPathEntryKind.Decision, $"no {Describe(node.Target)} known → {next}");
            return next;
        }

        session.PreferredAgent = agent;
        session.OverflowAfter = node.OverflowAfter;
        session.Record(IvrPathEntryKind.Decision,
            $"prefer {role} {agent} for {node.OverflowAfter.TotalSeconds:0} s, then overflow via {node.Overflow}");
        return node.Overflow;
    }

    public static EnqueueCall Enqueue(IvrSession session, QueueNode node)
    {
        if (node.Queue is not null)
        {
            session.Queue = node.Queue;
        }

        var preferred = session.PreferredAgent is null ? "" : $", {session.PreferredAgent} first for {session.OverflowAfter?.TotalSeconds:0} s";
        var reason = $"IVR {session.Flow.Id}: {session.Summary()} → queue {session.Queue}{preferred}";
        session.Record(IvrPathEntryKind.Decision, $"enqueue in {session.Queue}, priority bonus {session.PriorityBonus:+0;-0;+0}{preferred}");
        return new EnqueueCall(session.Queue, session.PriorityBonus, session.Skills, session.PreferredAgent, session.OverflowAfter, reason);
    }

    private static bool Matches(IvrSession session, BranchCondition condition, out List<string> reasons)
    {
        var context = session.Context;
        reasons = [];
        if (condition.Tiers is { } tiers)
        {
            if (context.Tier is not { } tier || !tiers.Contains(tier))
            {
                return false;
            }

            reasons.Add($"tier {tier} in [{string.Join(", ", tiers)}]");
        }

        if (condition.Stages is { } stages)
        {
            if (context.Stage is not { } stage || !stages.Contains(stage))
            {
                return false;
            }

            reasons.Add($"stage {stage} in [{string.Join(", ", stages)}]");
        }

        if (condition.HasOpenComplaint is { } wantsComplaint)
        {
            if (context.HasOpenComplaint != wantsComplaint)
            {
                return false;
            }

            reasons.Add(wantsComplaint ? "has an open complaint" : "has no open complaint");
        }

        if (condition.IdentityConfidence is { } confidences)
        {
            if (!confidences.Contains(context.IdentityConfidence))
            {
                return false;
            }

            reasons.Add($"identity {context.IdentityConfidence} in [{string.Join(", ", confidences)}]");
        }

        if (condition.BusinessHours is { } hours)
        {
            var calendar = session.Flow.Calendars[hours.Calendar];
            if (calendar.IsOpen(context.ArrivedAt) != hours.Open)
            {
                return false;
            }

            reasons.Add($"{(hours.Open ? "inside" : "outside")} {hours.Calendar} hours ({calendar.Describe(context.ArrivedAt)})");
        }

        if (reasons.Count == 0)
        {
            reasons.Add("always");
        }

        return true;
    }

    private static string Describe(CallContext c) =>
        $"tier {c.Tier?.ToString() ?? "unknown"}, stage {c.Stage?.ToString() ?? "unknown"}, "
        + $"{(c.HasOpenComplaint ? "open complaint" : "no open complaint")}, identity {c.IdentityConfidence}";

    private static string Describe(OwnerTarget target) => target switch
    {
        OwnerTarget.ComplaintOwner => "complaint owner",
        OwnerTarget.AccountManager => "account manager",
        _ => "complaint owner or account manager",
    };
}
