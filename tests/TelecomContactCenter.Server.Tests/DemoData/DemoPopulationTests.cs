using TelecomContactCenter.Core.Customers;
using TelecomContactCenter.Server.DemoData;

namespace TelecomContactCenter.Server.Tests.DemoData;

public sealed class DemoPopulationTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 2, 6, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Generate_SameSeed_ProducesIdenticalCustomersAndBills()
    {
        var first = new DemoPopulation(42, 500, Now).Generate(500).ToList();
        var second = new DemoPopulation(42, 500, Now).Generate(500).ToList();

        Assert.Equal(Fingerprint(first), Fingerprint(second));
    }

    [Fact]
    public void Generate_DifferentSeed_ProducesDifferentRevenue()
    {
        var first = new DemoPopulation(42, 500, Now).Generate(500).ToList();
        var second = new DemoPopulation(43, 500, Now).Generate(500).ToList();

        Assert.NotEqual(first.Sum(c => c.Revenue12Months), second.Sum(c => c.Revenue12Months));
    }

    [Fact]
    public void Generate_ActiveCustomers_HaveAtLeastTwelveMonthsOfBillsWhenTenureAllows()
    {
        var customers = new DemoPopulation(7, 1000, Now).Generate(1000).ToList();

        var longStanding = customers.Where(c => c.Customer.ExitedAt is null && c.Customer.ActivatedAt < Now.AddMonths(-15)).ToList();

        Assert.NotEmpty(longStanding);
        Assert.All(longStanding, c => Assert.True(c.Bills.Count >= 12 && c.Usage.Count == c.Bills.Count));
    }

    [Fact]
    public void Generate_TopFifthOfCustomers_BringAboutFourFifthsOfRevenue()
    {
        var revenues = new DemoPopulation(20_261_101, 5000, Now).Generate(5000)
            .Where(c => c.Customer.ExitedAt is null).Select(c => c.Revenue12Months).OrderDescending().ToList();

        var share = revenues.Take(revenues.Count / 5).Sum() / revenues.Sum();

        Assert.InRange(share, 0.72m, 0.88m);
    }

    [Fact]
    public void Generate_TopCustomersAndThePlatinumDemoCustomer_PayARetailBillBesideTheirPlan()
    {
        var population = new DemoPopulation(20_261_101, 5000, Now);
        var generated = population.Generate(5000).ToList();
        var fixedOnes = FixedCustomers.Build(population, generated.Select(c => c.Revenue12Months).ToList(), 5001, Now).ToList();
        var topPercent = generated.OrderByDescending(c => c.Revenue12Months).Take(50).ToList();
        var platinum = fixedOnes.Single(c => c.Customer.Phone == FixedCustomers.PlatinumMaturity);

        // Plan (at most ¥599) + add-ons + usage: the top 1% pay a dear plan's worth and more, never tens of thousands.
        Assert.All(topPercent.Append(platinum), c => Assert.InRange(c.Bills.Max(b => b.Amount), 599m, 3000m));
        Assert.Contains(platinum.Products, p => p.Name == "Max 599");
    }

    [Fact]
    public void Generate_PopulationHasTheSeedsChurnCasesAndKeyContacts()
    {
        var population = new DemoPopulation(20_261_101, 5000, Now);
        var customers = population.Generate(5000).ToList();
        var strategic = population.Groups.Where(g => g.IsStrategic).Select(g => g.Id).ToHashSet();

        Assert.Contains(customers, c => c.Customer.Status == AccountStatus.Deregistered && c.Customer.ArrearsDays >= 90 && c.Customer.ExitedAt is not null);
        Assert.Contains(customers, c => c.Customer.Status == AccountStatus.PortedOut);
        Assert.Contains(customers, c => c.Customer.CommitmentEndsAt is { } end && end > Now && end <= Now.AddDays(60));
        Assert.Contains(customers, c => c.Customer.GroupAccountId is { } g && strategic.Contains(g)
            && c.Customer.KeyContactRole is not null and not "Employee");
        Assert.Contains(customers, c => c.Interactions.Any(i => i.ReasonCode == "PORT_OUT"));
        Assert.DoesNotContain(customers, c => c.Customer.Name.Contains("Platinum", StringComparison.Ordinal));
    }

    private static string Fingerprint(IEnumerable<DemoCustomer> customers) =>
        string.Join('|', customers.Select(c => $"{c.Customer.Phone}:{c.Customer.Status}:{c.Revenue12Months}:{c.Products.Count}"));
}
