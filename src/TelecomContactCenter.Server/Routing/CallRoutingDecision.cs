namespace TelecomContactCenter.Server.Routing;

/// <summary>Well-known target queues of the routing decision.</summary>
internal static class TargetQueues
{
    public const string VipDesk = "vip-desk";
    public const string ComplaintOwner = "complaint-owner";
    public const string Retention = "retention";
    public const string General = "general";
}

/// <summary>
/// Where a call should go and why. Returned as JSON by /api/routing/decision and turned into a 302 Contact by the
/// SIP redirect mode. <see cref="TargetAgent"/> is set when a named person should ring first (complaint owner).
/// </summary>
internal sealed record CallRoutingDecision(
    string Caller,
    string? E164,
    long? CustomerId,
    string Tier,
    string LifecycleStage,
    string TargetQueue,
    string? TargetAgent,
    int Priority,
    string Reason,
    bool ProfileAvailable);
