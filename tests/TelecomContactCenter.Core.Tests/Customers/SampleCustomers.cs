using TelecomContactCenter.Core.Customers;

namespace TelecomContactCenter.Core.Tests.Customers;

/// <summary>Baseline facts that trip no rule, so each test changes only the input it is about.</summary>
internal static class SampleCustomers
{
    public static readonly DateOnly AsOf = new(2026, 11, 1);

    public static CustomerFacts Mature => new()
    {
        TenureMonths = 24,
        RecentArpu = 100,
        PreviousArpu = 100,
        DaysSinceLastChargeableEvent = 1,
        ActiveProducts = 1,
        Revenue12Months = 1200,
        CostToServe12Months = 400,
        RecentCostToServe = 35,
    };
}
