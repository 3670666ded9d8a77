using TelecomContactCenter.Server.Contact;
using TelecomContactCenter.Server.Discounts;
using TelecomContactCenter.Server.Profiles;

namespace TelecomContactCenter.Server.Hubs;

/// <summary>What the server pushes to an agent desktop.</summary>
internal interface IAgentClient
{
    Task ScreenPop(ScreenPop pop);

    Task CallStateChanged(CallStateView call);

    Task StatusChanged(AgentStateView state);

    Task SlaAlert(SlaAlertView alert);

    /// <summary>One of the agent's discounts was granted, is waiting for approval, or was approved or rejected.</summary>
    Task DiscountChanged(DiscountView discount);

    /// <summary>The offers for the agent's call changed mid-call: a reason was captured or a complaint opened or closed.</summary>
    Task OffersUpdated(OffersUpdatedView view);

    /// <summary>A complaint the agent owns, or owned until now, changed (reassigned, say): their work list is read again.</summary>
    Task WorkChanged(Guid complaintId);
}

/// <summary>The offers now shown on <see cref="CallId"/>: the answered ones kept, the rest as recommended now.</summary>
internal sealed record OffersUpdatedView(string CallId, long CustomerId, IReadOnlyList<OfferView> Offers);

/// <summary>
/// A call's phase as the agent sees it: Ringing, Connected, WrapUp, Completed, Withdrawn (offer cancelled: ring
/// timeout, caller abandoned, the call went elsewhere), Abandoned.
/// </summary>
internal sealed record CallStateView(string CallId, string State, string? Reason, WrapUpView? WrapUp);

/// <summary>What wrap-up still needs; <see cref="Missing"/> is empty when CompleteWrapUp will succeed.</summary>
internal sealed record WrapUpView(string CallId, string? Disposition, IReadOnlyList<OfferRecord> Offers, IReadOnlyList<string> Missing, string? Notes);

/// <summary>
/// An agent's status (chosen) and state (system), with the current call and its pop for a resync. <see cref="Device"/>
/// is SipPhone while the agent has a registered phone and Desktop otherwise (desktop answer: no audio path to the
/// agent); <see cref="AnsweredAt"/> starts the desktop's talk timer. A <see cref="BreakReason"/> of
/// <see cref="Acd.AcdRuntime.PhoneNotAnswering"/> means the service took the agent off calls because their phone
/// did not answer an offer: the desktop asks them to check it and choose Available or a break.
/// </summary>
internal sealed record AgentStateView(
    string Agent,
    string Status,
    string? BreakReason,
    string State,
    DateTimeOffset Since,
    string? CallId,
    string? CallPhase,
    ScreenPop? Pop,
    WrapUpView? WrapUp,
    string Device = "Desktop",
    DateTimeOffset? AnsweredAt = null,
    bool OnHold = false);

/// <summary>A complaint SLA threshold crossed (50, 75, 100) or a breach escalated.</summary>
internal sealed record SlaAlertView(
    Guid ComplaintId, long CustomerId, string Owner, string Tier, int Threshold, string Band, DateTimeOffset? DueAt,
    double PercentConsumed, bool Escalated, string Detail, DateTimeOffset RaisedAt);
