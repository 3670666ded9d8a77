using TelecomContactCenter.Server.Capacity;

namespace TelecomContactCenter.Server.Tests.Capacity;

public sealed class DescriptorBudgetTests
{
    private static readonly CapacityOptions Defaults = new();

    [Fact]
    public void Plan_UnknownLimit_GrantsEveryAskAndCapsNoConnections()
    {
        var budget = DescriptorBudget.Plan(null, Defaults, rangePairs: 500, sipTcpConnections: 1000);

        Assert.Equal((500, 1000), (budget.MediaPairs, budget.SipTcpConnections));
        Assert.Null(budget.HttpConnections);
        Assert.Null(budget.UpgradedConnections);
        Assert.Null(budget.Shortfall);
    }

    [Fact]
    public void Plan_LimitHoldsEveryAsk_GrantsThemAndGivesTheRestToHttpMostlyForWebSockets()
    {
        var budget = DescriptorBudget.Plan(20_000, Defaults, rangePairs: 500, sipTcpConnections: 1000);

        Assert.Equal((500, 1000), (budget.MediaPairs, budget.SipTcpConnections));
        Assert.Equal(DescriptorBudget.MaxPlainHttpConnections, budget.HttpConnections);
        Assert.Equal(20_000 - 768 - 1000 - 1000, budget.HttpConnections + budget.UpgradedConnections);
        Assert.Null(budget.Shortfall);
    }

    [Fact]
    public void Plan_RangeWiderThanTheLimitAllows_CapsMediaAtHalfTheSharedPartAndSaysWhichKey()
    {
        var budget = DescriptorBudget.Plan(20_000, Defaults, rangePairs: 11_000, sipTcpConnections: 1000);

        var shared = 20_000 - 768;
        Assert.Equal(shared / 4, budget.MediaPairs);
        Assert.True(budget.HttpConnections + budget.UpgradedConnections >= shared / 2 - 1000, $"{budget}");
        Assert.Contains("Media:RtpPorts holds 11000 RTP/RTCP pairs, 4808 may be open at once", budget.Shortfall);
        Assert.Contains("ulimit -n", budget.Shortfall);
    }

    [Fact]
    public void Plan_NeverHandsOutMoreThanTheLimitLessTheReserve()
    {
        foreach (var limit in new long[] { 1024, 1100, 4096, 65_536, 1_048_576 })
        {
            foreach (var pairs in new[] { 1, 500, 30_000 })
            {
                var budget = DescriptorBudget.Plan(limit, Defaults, pairs, sipTcpConnections: 1000);

                var handedOut = (2L * budget.MediaPairs) + budget.SipTcpConnections + budget.HttpConnections + budget.UpgradedConnections;
                Assert.True(handedOut <= limit - Defaults.ReservedDescriptors, $"limit {limit}, range {pairs}: {budget}");
                Assert.True(budget.MediaPairs >= 1 && budget.HttpConnections >= 1 && budget.UpgradedConnections >= 1, $"{budget}");
            }
        }
    }

    [Fact]
    public void Plan_AppliedToItsOwnCappedAsk_GivesTheSamePlan()
    {
        var first = DescriptorBudget.Plan(1100, Defaults, rangePairs: 1000, sipTcpConnections: 1000);

        var again = DescriptorBudget.Plan(1100, Defaults, rangePairs: 1000, sipTcpConnections: first.SipTcpConnections);

        Assert.Equal((first.MediaPairs, first.SipTcpConnections, first.HttpConnections, first.UpgradedConnections),
            (again.MediaPairs, again.SipTcpConnections, again.HttpConnections, again.UpgradedConnections));
        Assert.Contains("Sip:Transport:MaxTcpConnections 1000 is cut to 49", first.Shortfall);
    }

    [Fact]
    public void Plan_LimitBelowTheReservePlusAMinimum_StopsStartUpNamingTheSetting()
    {
        var error = Assert.Throws<InvalidOperationException>(() => DescriptorBudget.Plan(900, Defaults, 500, 1000));

        Assert.Contains("Capacity:ReservedDescriptors (768)", error.Message);
        Assert.Contains("open-file limit (900)", error.Message);
    }

    [Theory]
    [InlineData("Max open files            20000                20000                files     ", 20000L)]
    [InlineData("Max open files            1024                 524288               files     ", 1024L)]
    [InlineData("Max open files            unlimited            unlimited            files     ", null)]
    [InlineData("Max processes             63707                63707                processes ", null)]
    public void OpenFiles_ProcLimitsLine_ReadsTheSoftLimit(string line, long? expected)
    {
        var text = "Limit                     Soft Limit           Hard Limit           Units     \n" + line + "\n";

        Assert.Equal(expected, ProcessLimits.OpenFiles(text));
    }
}
