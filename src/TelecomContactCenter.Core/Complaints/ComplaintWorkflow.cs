using Stateless;
using Stateless.Graph;
using static TelecomContactCenter.Core.Complaints.ComplaintState;
using static TelecomContactCenter.Core.Complaints.ComplaintTrigger;

namespace TelecomContactCenter.Core.Complaints;

/// <summary>
/// The complaint workflow of domain.md §4.2–4.3 on a Stateless <see cref="StateMachine{TState, TTrigger}"/> whose
/// state lives on the <see cref="Complaint"/> (read and written through delegates, so EF Core owns it). One machine
/// is built per operation, for the complaint and the moment at hand. Every change is audited with time, actor and
/// reason and bumps <see cref="Complaint.Version"/>. Holds no state of its own and is thread-safe; a complaint
/// instance itself must not be changed from two threads at once.
/// </summary>
public sealed class ComplaintWorkflow(SlaPolicy policy)
{
    public static readonly TimeSpan ReopenWindow = TimeSpan.FromDays(7);
    public static readonly TimeSpan MinimumGapBetweenContactAttempts = TimeSpan.FromHours(24);

    private static readonly ComplaintState[] OpenStates =
        [Captured, Open, InProgressFirstContact, EscalatedBackOffice, PendingCustomer, BackOfficeResolved, ResolvedPendingConfirmation, Reopened];

    private static readonly ComplaintTrigger[] TriggersNeedingReason = [EscalateToBackOffice, Reopen, Withdraw, ComplaintTrigger.Merge];

    public IReadOnlyList<ComplaintTrigger> PermittedTriggers(Complaint complaint, DateTimeOffset now) =>
        Permitted(Build(complaint, now, null));

    public bool CanFire(Complaint complaint, ComplaintTrigger trigger, DateTimeOffset now) => Build(complaint, now, null).CanFire(trigger);

    /// <exception cref="InvalidTransitionException">The trigger is not permitted in the complaint's state now.</exception>
    public void Fire(Complaint complaint, ComplaintTrigger trigger, string actor, string? reason, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(complaint);
        var who = Complaint.RequireText(actor, nameof(actor));
        if (TriggersNeedingReason.Contains(trigger) && string.IsNullOrWhiteSpace(reason))
        {
            throw new ArgumentException($"{trigger} needs a reason.", nameof(reason));
        }

        Build(complaint, now, new Context(who, reason?.Trim())).Fire(trigger);
    }

    /// <summary>Marks <paramref name="complaint"/> a duplicate of <paramref name="survivor"/> and closes it as Merged.</summary>
    public void Merge(Complaint complaint, ComplaintId survivor, string actor, string reason, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(complaint);
        if (survivor == complaint.Id)
        {
            throw new ArgumentException("A complaint cannot be merged into itself.", nameof(survivor));
        }

        var previous = complaint.MergedInto;
        complaint.MergedInto = survivor;
        try
        {
            Fire(complaint, ComplaintTrigger.Merge, actor, reason, now);
        }
        catch
        {
            complaint.MergedInto = previous;
            throw;
        }
    }

    /// <summary>Supervisor action: the only way ownership changes (首问负责制). Audited with the reason.</summary>
    public static void Reassign(Complaint complaint, string newOwner, string supervisor, string reason, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(complaint);
        var owner = Complaint.RequireText(newOwner, nameof(newOwner));
        var who = Complaint.RequireText(supervisor, nameof(supervisor));
        var why = Complaint.RequireText(reason, nameof(reason));
        RequireOpen(complaint, "reassigned");
        if (owner == complaint.Owner)
        {
            throw new ArgumentException("The complaint already belongs to that owner.", nameof(newOwner));
        }

        var previous = complaint.Owner;
        complaint.ChangeOwner(owner);
        complaint.Audit(new(now, who, "Reassign", complaint.State, complaint.State, $"{previous} → {owner}: {why}"));
    }

    /// <summary>Records the resolution and root-cause codes that closing requires.</summary>
    public static void RecordResolution(Complaint complaint, string resolutionCode, ComplaintCategory rootCause, string actor, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(complaint);
        var code = Complaint.RequireText(resolutionCode, nameof(resolutionCode));
        var who = Complaint.RequireText(actor, nameof(actor));
        RequireOpen(complaint, "resolved");
        complaint.ResolutionCode = code;
        complaint.RootCause = rootCause;
        complaint.Audit(new(now, who, "RecordResolution", complaint.State, complaint.State, $"{code} / {rootCause.ToCode()}"));
    }

    /// <summary>Records an unsuccessful attempt to reach the customer for confirmation.</summary>
    public static void RecordFailedContactAttempt(Complaint complaint, string actor, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(complaint);
        var who = Complaint.RequireText(actor, nameof(actor));
        if (complaint.State != ResolvedPendingConfirmation)
        {
            throw new InvalidOperationException($"Contact attempts are recorded only in {ResolvedPendingConfirmation}, not {complaint.State}.");
        }

        complaint.AddFailedContact(new ContactAttempt(now, who));
        complaint.Audit(new(now, who, "ContactAttemptFailed", complaint.State, complaint.State, null));
    }

    /// <summary>The workflow as Stateless draws it, a Mermaid state diagram (committed as docs/complaint-workflow.md).</summary>
    public static string ToMermaid()
    {
        var sample = new Complaint
        {
            Id = default,
            CustomerId = "-",
            Owner = "-",
            Category = default,
            Severity = default,
            TierAtCreation = default,
            SlaKind = default,
            CreatedAt = default,
        };
        return MermaidGraph.Format(Build(sample, default, null, new SlaPolicy()).GetInfo()).ReplaceLineEndings("\n") + "\n";
    }

    private static void RequireOpen(Complaint complaint, string action)
    {
        if (!complaint.IsOpen)
        {
            throw new InvalidOperationException($"A {complaint.State} complaint cannot be {action}.");
        }
    }

    private StateMachine<ComplaintState, ComplaintTrigger> Build(Complaint c, DateTimeOffset now, Context? context) =>
        Build(c, now, context, policy);

    private static StateMachine<ComplaintState, ComplaintTrigger> Build(Complaint c, DateTimeOffset now, Context? context, SlaPolicy policy)
    {
        var m = new StateMachine<ComplaintState, ComplaintTrigger>(() => c.State, s => c.State = s);
        m.OnUnhandledTrigger((state, trigger, unmetGuards) => throw new InvalidTransitionException(
            state.ToString(), trigger.ToString(), [.. Permitted(m).Select(t => t.ToString())], [.. unmetGuards ?? []]));
        bool PausedFrom(ComplaintState s) => c.StateBeforePending == s;
        bool PauseOver() => c.PendingSince is not null && new SlaClock(policy).PauseEndsAt(c, now) is { } ends && now >= ends;
        bool HasCodes() => c.ResolutionCode is not null && c.RootCause is not null;
        bool Unreachable() =>
            c.FailedContactAttempts.Count >= 2
            && c.FailedContactAttempts[^1].At - c.FailedContactAttempts[0].At >= MinimumGapBetweenContactAttempts;

        m.Configure(Captured).Permit(Classify, Open);
        m.Configure(Open).Permit(StartWork, InProgressFirstContact);
        m.Configure(InProgressFirstContact)
            .Permit(ResolveOnCall, ResolvedPendingConfirmation)
            .Permit(EscalateToBackOffice, EscalatedBackOffice)
            .Permit(RequestCustomerInfo, PendingCustomer);
        m.Configure(EscalatedBackOffice)
            .Permit(BackOfficeResolve, BackOfficeResolved)
            .Permit(RequestCustomerInfo, PendingCustomer)
            .OnEntry(t =>
            {
                if (t.Source != PendingCustomer)
                {
                    c.EscalatedAt = now;
                    var target = policy.TargetFor(c);
                    c.OlaDueAt = policy.Add(target.Basis, now, target.Duration * policy.OlaFraction);
                }
            });
        m.Configure(PendingCustomer)
            .PermitIf(CustomerInfoReceived, InProgressFirstContact, () => PausedFrom(InProgressFirstContact), "paused from InProgressFirstContact")
            .PermitIf(CustomerInfoReceived, EscalatedBackOffice, () => PausedFrom(EscalatedBackOffice), "paused from EscalatedBackOffice")
            .PermitIf(PauseExpired, InProgressFirstContact, () => PausedFrom(InProgressFirstContact) && PauseOver(), "paused from InProgressFirstContact for 72 h")
            .PermitIf(PauseExpired, EscalatedBackOffice, () => PausedFrom(EscalatedBackOffice) && PauseOver(), "paused from EscalatedBackOffice for 72 h")
            .OnEntry(t => (c.StateBeforePending, c.PendingSince) = (t.Source, now))
            .OnExit(() => (c.StateBeforePending, c.PendingSince) = (null, null));
        m.Configure(BackOfficeResolved).Permit(InformCustomer, ResolvedPendingConfirmation);
        m.Configure(ResolvedPendingConfirmation)
            .PermitIf(ConfirmResolution, Closed, HasCodes, "resolution and root-cause codes recorded")
            .PermitIf(CloseUnreachable, Closed, () => HasCodes() && Unreachable(), "codes recorded and 2 failed contact attempts at least 24 h apart")
            .OnEntry(() =>
            {
                c.ResolvedAt = now;
                c.ClearFailedContacts();
            });
        m.Configure(Closed)
            .PermitIf(Reopen, Reopened, () => c.ClosedAt is { } closed && now - closed <= ReopenWindow, "within 7 days of closing")
            .OnEntry(t => (c.ClosedAt, c.ClosedWithConfirmation) = (now, t.Trigger == ConfirmResolution));
        m.Configure(Reopened).Permit(StartWork, InProgressFirstContact)
            .OnEntry(() =>
            {
                c.ReopenCount++;
                c.IsFirstContact = false;
            });

        foreach (var state in OpenStates)
        {
            m.Configure(state)
                .Permit(Withdraw, Withdrawn)
                .PermitIf(ComplaintTrigger.Merge, Merged, () => c.MergedInto is { } into && into != c.Id, "merge target set");
        }

        m.Configure(Withdrawn);
        m.Configure(Merged);

        if (context is { } ctx)
        {
            foreach (var state in Enum.GetValues<ComplaintState>())
            {
                m.Configure(state).OnEntry(t =>
                {
                    if (t.Trigger is EscalateToBackOffice or RequestCustomerInfo)
                    {
                        c.IsFirstContact = false;
                    }

                    c.Audit(new ComplaintTransition(now, ctx.Actor, t.Trigger.ToString(), t.Source, t.Destination, ctx.Reason));
                });
            }
        }

        return m;
    }

    // Asked trigger by trigger (in the enum's order) rather than through Stateless's PermittedTriggers, which it
    // keeps only for compatibility now that guards may be asynchronous; the workflow's guards are all synchronous.
    private static ComplaintTrigger[] Permitted(StateMachine<ComplaintState, ComplaintTrigger> m) =>
        [.. Enum.GetValues<ComplaintTrigger>().Where(m.CanFire)];

    private sealed record Context(string Actor, string? Reason);
}
