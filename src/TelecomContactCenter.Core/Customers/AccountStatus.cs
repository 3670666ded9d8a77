namespace TelecomContactCenter.Core.Customers;

/// <summary>Account status from billing (domain.md §1.2).</summary>
public enum AccountStatus
{
    Active,
    SuspendedForArrears,
    Terminated,
    PortedOut,
    Deregistered,
}
