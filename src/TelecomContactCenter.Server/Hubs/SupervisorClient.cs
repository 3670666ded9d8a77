using TelecomContactCenter.Server.Discounts;

namespace TelecomContactCenter.Server.Hubs;

/// <summary>What the server pushes to the supervisor wallboard, each when it changes.</summary>
internal interface ISupervisorClient
{
    Task QueueStatistics(IReadOnlyList<QueueStatisticsView> queues);

    Task AgentStates(IReadOnlyList<AgentBoardRow> agents);

    Task Kpis(KpiView kpis);

    Task SlaAlert(SlaAlertView alert);

    /// <summary>Every discount request waiting for a supervisor, newest first.</summary>
    Task PendingDiscounts(IReadOnlyList<DiscountView> pending);

    /// <summary>A complaint (its id) was opened or changed (state, owner): the at-risk table is read again.</summary>
    Task ComplaintsChanged(Guid complaintId);
}

/// <summary>
/// One queue and tier: calls waiting now, the longest current wait, and the service level (answered within the
/// target ÷ answered + abandoned after the target + still waiting past the target) since start.
/// <see cref="ServiceLevelPercent"/> is null before any call; <see cref="Tier"/> is null on the one row of a queue
/// that has had no call yet.
/// </summary>
internal sealed record QueueStatisticsView(
    string Queue, string? Tier, int Waiting, double LongestWaitSeconds, int Answered, int AnsweredWithinTarget, int Abandoned,
    double? ServiceLevelPercent, double TargetSeconds)
{
    /// <summary>Calls waiting now that have already waited longer than the target.</summary>
    public int WaitingPastTarget { get; init; }

    /// <summary>Agents available and idle now with the skills this queue's calls need.</summary>
    public int AgentsAvailable { get; init; }

    /// <summary>Average wait of answered calls (ASA), null before the first answer.</summary>
    public double? AverageSpeedOfAnswerSeconds { get; init; }
}

internal sealed record AgentBoardRow(string Agent, string Status, string? BreakReason, string State, double SecondsInState, string? CallId, bool DesktopConnected, bool PhoneRegistered);

/// <summary>First-contact resolution among resolved complaints and take-up among offers with an outcome.</summary>
internal sealed record KpiView(double? FcrRatePercent, int ResolvedComplaints, double? OfferTakeUpPercent, int OffersWithOutcome);
