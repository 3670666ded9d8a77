using TelecomContactCenter.Server.Customers;
using TelecomContactCenter.Server.Interactions;

namespace TelecomContactCenter.Server.DemoData;

/// <summary>One generated customer with everything the profile evaluation reads.</summary>
internal sealed record DemoCustomer(
    Customer Customer,
    IReadOnlyList<MonthlyBill> Bills,
    IReadOnlyList<MonthlyUsage> Usage,
    IReadOnlyList<Product> Products,
    IReadOnlyList<Interaction> Interactions)
{
    public decimal Revenue12Months => Bills.OrderByDescending(b => b.Month).Take(12).Sum(b => b.Amount);
}

/// <summary>The shape of a generated customer's history; each maps to one lifecycle stage.</summary>
internal enum DemoArchetype
{
    Churned,
    Acquisition,
    DeclinePortOutIntent,
    DeclineArrears,
    DeclineInactive,
    DeclineFalling,
    GrowthYoung,
    GrowthRising,
    Maturity,
}
