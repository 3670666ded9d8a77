using TelecomContactCenter.Server.Interactions;

namespace TelecomContactCenter.Server.DemoData;

/// <summary>
/// The six documented demo customers (README). Their tiers and stages are not stored: the real evaluators derive
/// them, so each one's 12-month revenue is placed at a percentile of the generated population that sits well
/// inside the wanted tier's band (Platinum top 1%, Gold 95–99th, Silver 80–95th), so their bills are as believable
/// as the population's.
/// </summary>
internal static class FixedCustomers
{
    public const string PlatinumMaturity = "+8613800000001";
    public const string GoldDecline = "+8613800000002";
    public const string SilverGrowth = "+8613800000003";
    public const string StandardAcquisition = "+8613800000004";
    public const string StandardChurned = "+8613800000005";
    public const string GoldMaturityWithComplaint = "+8613800000006";

    /// <summary>The agent who owns the open complaint of <see cref="GoldMaturityWithComplaint"/>.</summary>
    public const string ComplaintOwner = "agent1";

    /// <summary>The demo agent who is the account manager of <see cref="PlatinumMaturity"/> (the first generated manager).</summary>
    public const string PlatinumAccountManager = "agent2";

    public static IEnumerable<DemoCustomer> Build(
        DemoPopulation population, IReadOnlyList<decimal> populationRevenues, long firstId, DateTimeOffset now)
    {
        var sorted = populationRevenues.Order().ToArray();
        decimal At(double percentile) => sorted[(int)Math.Clamp(percentile * sorted.Length, 0, sorted.Length - 1)];

        var id = firstId;
        yield return Scaled(population.Build(id++, PlatinumMaturity, "张伟", "Male",
            new CustomerPlan(DemoArchetype.Maturity, 70, 1000m, false)
            {
                AccountManagerId = population.AccountManagers[0].Id,
                ExtraProducts = 3,
                HasCommitment = true,
            }), At(0.998));

        var gold = population.Build(id++, GoldDecline, "王芳", "Female",
            new CustomerPlan(DemoArchetype.DeclinePortOutIntent, 40, 300m, false) { ExtraProducts = 1 });
        yield return Scaled(WithPortOutIntent(gold, now), At(0.97));

        yield return Scaled(population.Build(id++, SilverGrowth, "李娜", "Female",
            new CustomerPlan(DemoArchetype.GrowthYoung, 8, 120m, false) { ExtraProducts = 1 }), At(0.875));
        yield return Scaled(population.Build(id++, StandardAcquisition, "赵磊", "Male",
            new CustomerPlan(DemoArchetype.Acquisition, 1, 50m, false)), At(0.05));
        yield return Scaled(population.Build(id++, StandardChurned, "陈静", "Female",
            new CustomerPlan(DemoArchetype.Churned, 30, 45m, false) { ExitMonthsAgo = 2 }), At(0.3));
        yield return Scaled(population.Build(id, GoldMaturityWithComplaint, "刘洋", "Male",
            new CustomerPlan(DemoArchetype.Maturity, 36, 300m, false) { ExtraProducts = 1 }), At(0.97));
    }

    /// <summary>Scales every bill so the last 12 months sum to <paramref name="revenue12Months"/>.</summary>
    private static DemoCustomer Scaled(DemoCustomer customer, decimal revenue12Months)
    {
        var factor = revenue12Months / customer.Revenue12Months;
        foreach (var bill in customer.Bills)
        {
            bill.Amount = decimal.Round(bill.Amount * factor, 2);
            bill.CostToServe = decimal.Round(bill.CostToServe * factor, 2);
        }

        return customer;
    }

    private static DemoCustomer WithPortOutIntent(DemoCustomer customer, DateTimeOffset now)
    {
        var contacts = customer.Interactions.Where(i => i.ReasonCode != ContactReasons.PortOut).ToList();
        contacts.Add(new Interaction
        {
            CustomerId = customer.Customer.Id,
            Caller = customer.Customer.Phone,
            Channel = "Voice",
            StartedAt = now.AddDays(-10),
            ReasonCode = ContactReasons.PortOut,
            Disposition = "RetentionOffered",
        });
        return customer with { Interactions = contacts };
    }
}
