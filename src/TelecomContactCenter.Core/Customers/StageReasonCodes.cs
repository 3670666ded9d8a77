namespace TelecomContactCenter.Core.Customers;

/// <summary>Stable reason codes for the rule that put a customer in a stage; persisted and shown on the screen pop.</summary>
public static class StageReasonCodes
{
    public const string ChurnedStatus = "CHN-STATUS";
    public const string ChurnedDisconnected = "CHN-DISCONNECTED";
    public const string ChurnedPrepaidInactive = "CHN-PREPAID-INACTIVE";
    public const string DeclineIntent = "DEC-HARD-INTENT";
    public const string DeclineArrears = "DEC-HARD-ARREARS";
    public const string DeclineSuspended = "DEC-HARD-SUSPENDED";
    public const string DeclineInactive = "DEC-HARD-INACTIVE";
    public const string DeclineSoftArpu = "DEC-SOFT-ARPU";
    public const string DeclineSoftUsage = "DEC-SOFT-USAGE";
    public const string DeclineSoftComplaints = "DEC-SOFT-COMPLAINTS";
    public const string DeclineSoftCommitment = "DEC-SOFT-COMMIT";
    public const string DeclineSoftChurnScore = "DEC-SOFT-CHURN-SCORE";
    public const string DeclineHeld = "DEC-HOLD";
    public const string AcquisitionProspect = "ACQ-PROSPECT";
    public const string AcquisitionTenure = "ACQ-TENURE";
    public const string GrowthTenure = "GRO-TENURE";
    public const string GrowthArpu = "GRO-ARPU";
    public const string GrowthProducts = "GRO-PRODUCTS";
    public const string MaturityStable = "MAT-STABLE";
}
