using TelecomContactCenter.Core.Complaints;
using TelecomContactCenter.Core.Customers;

namespace TelecomContactCenter.Core.Tests.Complaints;

/// <summary>Builds complaints and drives them into a given state through the real workflow.</summary>
internal static class SampleComplaints
{
    /// <summary>Monday 2026-11-02 10:00 at +08:00 (02:00 UTC), inside business hours.</summary>
    public static readonly DateTimeOffset Monday10 = new(2026, 11, 2, 2, 0, 0, TimeSpan.Zero);

    public static readonly ComplaintWorkflow Workflow = new(new SlaPolicy());

    public static Complaint New(
        ValueTier tier = ValueTier.Standard, SlaKind kind = SlaKind.NonFault, DateTimeOffset? at = null, GroupTier? group = null) => new()
        {
            Id = ComplaintId.New(at ?? Monday10),
            CustomerId = "cust-1",
            Owner = "agent.wang",
            Category = ComplaintCategory.Billing,
            Severity = ComplaintSeverity.Medium,
            TierAtCreation = tier,
            GroupTierAtCreation = group,
            SlaKind = kind,
            CreatedAt = at ?? Monday10,
        };

    /// <summary>Drives a new complaint to <paramref name="target"/>, one minute per step; returns the time of the last step.</summary>
    public static DateTimeOffset DriveTo(Complaint c, ComplaintState target, DateTimeOffset? start = null)
    {
        var t = start ?? c.CreatedAt;
        void Step(ComplaintTrigger trigger, string? reason = null)
        {
            t = t.AddMinutes(1);
            Workflow.Fire(c, trigger, "agent.wang", reason, t);
        }

        if (target == ComplaintState.Captured)
        {
            return t;
        }

        Step(ComplaintTrigger.Classify);
        if (target == ComplaintState.Open)
        {
            return t;
        }

        Step(ComplaintTrigger.StartWork);
        switch (target)
        {
            case ComplaintState.InProgressFirstContact:
                return t;
            case ComplaintState.PendingCustomer:
                Step(ComplaintTrigger.RequestCustomerInfo);
                return t;
            case ComplaintState.Withdrawn:
                Step(ComplaintTrigger.Withdraw, "customer withdrew");
                return t;
            case ComplaintState.Merged:
                t = t.AddMinutes(1);
                Workflow.Merge(c, ComplaintId.New(t), "agent.wang", "duplicate", t);
                return t;
            case ComplaintState.EscalatedBackOffice or ComplaintState.BackOfficeResolved:
                Step(ComplaintTrigger.EscalateToBackOffice, "needs network team");
                if (target == ComplaintState.BackOfficeResolved)
                {
                    Step(ComplaintTrigger.BackOfficeResolve);
                }

                return t;
        }

        ComplaintWorkflow.RecordResolution(c, "REFUND", ComplaintCategory.Billing, "agent.wang", t);
        Step(ComplaintTrigger.ResolveOnCall);
        if (target == ComplaintState.ResolvedPendingConfirmation)
        {
            return t;
        }

        Step(ComplaintTrigger.ConfirmResolution);
        if (target == ComplaintState.Closed)
        {
            return t;
        }

        Step(ComplaintTrigger.Reopen, "same fault again");
        return t;
    }
}
