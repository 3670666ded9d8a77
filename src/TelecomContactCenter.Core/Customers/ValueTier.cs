namespace TelecomContactCenter.Core.Customers;

/// <summary>Individual value tier (domain.md §2.7). Ordered: a higher value is a better tier.</summary>
public enum ValueTier
{
    Standard,
    Silver,
    Gold,
    Platinum,
}

/// <summary>Group (集团) account tier. Ordered: a higher value is a better tier.</summary>
public enum GroupTier
{
    Sme,
    G3,
    G2,
    G1,
}

/// <summary>A person's role on a group account: the CUTE buying roles and the administrator are key contacts.</summary>
public enum GroupContactRole
{
    Employee,
    Coach,
    User,
    TechnicalBuyer,
    EconomicBuyer,
    AccountAdministrator,
}

/// <summary>Membership of a group account, as seen from one line or person.</summary>
public sealed record GroupMembership(string GroupId, GroupTier Tier, GroupContactRole Role)
{
    public bool IsKeyContact => Role != GroupContactRole.Employee;
}
