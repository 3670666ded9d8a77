using TelecomContactCenter.Core.Complaints;
using static TelecomContactCenter.Core.Complaints.ComplaintState;
using static TelecomContactCenter.Core.Complaints.ComplaintTrigger;
using static TelecomContactCenter.Core.Tests.Complaints.SampleComplaints;

namespace TelecomContactCenter.Core.Tests.Complaints;

public sealed class ComplaintTransitionTests
{
    private static readonly Dictionary<(ComplaintState, ComplaintTrigger), ComplaintState> Legal = new()
    {
        [(Captured, Classify)] = Open,
        [(Open, StartWork)] = InProgressFirstContact,
        [(InProgressFirstContact, ResolveOnCall)] = ResolvedPendingConfirmation,
        [(InProgressFirstContact, EscalateToBackOffice)] = EscalatedBackOffice,
        [(InProgressFirstContact, RequestCustomerInfo)] = PendingCustomer,
        [(EscalatedBackOffice, BackOfficeResolve)] = BackOfficeResolved,
        [(EscalatedBackOffice, RequestCustomerInfo)] = PendingCustomer,
        [(PendingCustomer, CustomerInfoReceived)] = InProgressFirstContact,
        [(PendingCustomer, PauseExpired)] = InProgressFirstContact,
        [(BackOfficeResolved, InformCustomer)] = ResolvedPendingConfirmation,
        [(ResolvedPendingConfirmation, ConfirmResolution)] = Closed,
        [(ResolvedPendingConfirmation, CloseUnreachable)] = Closed,
        [(Closed, Reopen)] = Reopened,
        [(Reopened, StartWork)] = InProgressFirstContact,
    };

    private static readonly ComplaintState[] OpenStates =
        [Captured, Open, InProgressFirstContact, EscalatedBackOffice, PendingCustomer, BackOfficeResolved, ResolvedPendingConfirmation, Reopened];

    public static TheoryData<ComplaintState, ComplaintTrigger> AllPairs()
    {
        var data = new TheoryData<ComplaintState, ComplaintTrigger>();
        foreach (var state in Enum.GetValues<ComplaintState>())
        {
            foreach (var trigger in Enum.GetValues<ComplaintTrigger>())
            {
                data.Add(state, trigger);
            }
        }

        return data;
    }

    private static ComplaintState? Expected(ComplaintState state, ComplaintTrigger trigger) =>
        Legal.TryGetValue((state, trigger), out var to) ? to
        : trigger == Withdraw && OpenStates.Contains(state) ? Withdrawn
        : trigger == Merge && OpenStates.Contains(state) ? Merged
        : null;

    [Theory]
    [MemberData(nameof(AllPairs))]
    public void Fire_EveryStateAndTrigger_LegalMovesIllegalThrows(ComplaintState state, ComplaintTrigger trigger)
    {
        var complaint = New();
        var reached = DriveTo(complaint, state);
        if (state == ResolvedPendingConfirmation)
        {
            ComplaintWorkflow.RecordFailedContactAttempt(complaint, "agent.wang", reached);
            ComplaintWorkflow.RecordFailedContactAttempt(complaint, "agent.wang", reached.AddHours(24));
        }

        var now = reached.AddHours(73);
        var expected = Expected(state, trigger);
        void Act()
        {
            if (trigger == Merge)
            {
                Workflow.Merge(complaint, ComplaintId.New(now), "agent.wang", "duplicate", now);
            }
            else
            {
                Workflow.Fire(complaint, trigger, "agent.wang", "because", now);
            }
        }

        if (expected is { } to)
        {
            Act();
            Assert.Equal(to, complaint.State);
            Assert.Equal((state, to, trigger.ToString()), (complaint.Transitions[^1].From, complaint.Transitions[^1].To, complaint.Transitions[^1].Trigger));
        }
        else
        {
            var ex = Assert.Throws<InvalidTransitionException>(Act);
            Assert.Equal(state, complaint.State);
            Assert.Equal(state.ToString(), ex.State);
        }
    }

    [Theory]
    [MemberData(nameof(AllPairs))]
    public void PermittedTriggers_AgreeWithLegalTransitions(ComplaintState state, ComplaintTrigger trigger)
    {
        var complaint = New();
        var reached = DriveTo(complaint, state);
        if (state == ResolvedPendingConfirmation)
        {
            ComplaintWorkflow.RecordFailedContactAttempt(complaint, "agent.wang", reached);
            ComplaintWorkflow.RecordFailedContactAttempt(complaint, "agent.wang", reached.AddHours(24));
        }

        var permitted = Workflow.PermittedTriggers(complaint, reached.AddHours(73));

        // Merge needs a target, which only ComplaintWorkflow.Merge sets, so it is never listed beforehand.
        var expectListed = Expected(state, trigger) is not null && trigger != Merge;
        Assert.Equal(expectListed, permitted.Contains(trigger));
    }
}
