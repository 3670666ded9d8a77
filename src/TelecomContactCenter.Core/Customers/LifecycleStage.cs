namespace TelecomContactCenter.Core.Customers;

/// <summary>The five relationship-lifecycle stages of domain.md §1.1.</summary>
public enum LifecycleStage
{
    Acquisition,
    Growth,
    Maturity,
    Decline,
    Churned,
}
