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

    private static string Fingerprint(IEnumerable<DemoCustomer> customers) =>
        string.Join('|', customers.Select(c => $"{c.Customer.Phone}:{c.Customer.Status}:{c.Revenue12Months}:{c.Products.Count}"));
}
