namespace TelecomContactCenter.Core.Customers;

/// <summary>
/// What the host persists between evaluations so that leaving Decline can wait for clean evaluations.
/// <paramref name="CleanEvaluations"/> counts consecutive evaluation months without a Decline trigger while held.
/// </summary>
public sealed record StageHistory(LifecycleStage Stage, int CleanEvaluations, DateOnly EvaluatedOn);

/// <summary>One stage decision: the stage, which rules fired (stable codes), text for the agent, history to persist.</summary>
public sealed record StageAssessment(
    LifecycleStage Stage,
    IReadOnlyList<string> ReasonCodes,
    string Reason,
    bool WinbackWindow,
    StageHistory History);
