using TelecomContactCenter.Core.Customers;
using static TelecomContactCenter.Core.Tests.Customers.SampleCustomers;

namespace TelecomContactCenter.Core.Tests.Customers;

public sealed class ChurnScoreTests
{
    public static TheoryData<CustomerFacts, string, int> Signals => new()
    {
        { Mature with { RecentArpu = 70 }, "ARPU-DROP", 20 },
        { Mature with { DataUsageChange = -0.3m }, "USAGE-DROP", 15 },
        { Mature with { DaysSinceLastChargeableEvent = 30 }, "INACTIVE", 20 },
        { Mature with { DaysSinceLastChargeableEvent = 89 }, "INACTIVE", 20 },
        { Mature with { ComplaintSlaBreachedLast90Days = true }, "SLA-BREACH", 15 },
        { Mature with { ComplaintsLast90Days = 2 }, "REPEAT-COMPLAINTS", 10 },
        { Mature with { ArrearsDays = 30 }, "ARREARS", 15 },
        { Mature with { CommitmentEnd = AsOf.AddDays(60) }, "COMMIT-ENDING", 10 },
        { Mature with { TenureMonths = 11 }, "SHORT-TENURE", 5 },
        { Mature with { DaysSinceLastChargeableEvent = 90 }, "INACTIVE", 20 },
        { Mature with { DaysSinceLastChargeableEvent = 400 }, "INACTIVE", 20 },
        { Mature with { IntentToLeave = true }, "INTENT", 60 },
    };

    [Theory]
    [MemberData(nameof(Signals))]
    public void Compute_SingleSignal_ScoresItsPoints(CustomerFacts facts, string code, int points)
    {
        var score = ChurnScore.Compute(facts, AsOf);

        Assert.Equal(points, score.Value);
        Assert.Equal(code, Assert.Single(score.Signals).Code);
    }

    [Fact]
    public void Compute_InactiveUnderThirtyDays_NoInactivityPoints()
    {
        var score = ChurnScore.Compute(Mature with { DaysSinceLastChargeableEvent = 29 }, AsOf);

        Assert.Equal(0, score.Value);
    }

    [Fact]
    public void Compute_PortOutEnquiryAlone_HighBand()
    {
        var score = ChurnScore.Compute(Mature with { IntentToLeave = true }, AsOf);

        Assert.Equal(ChurnBand.High, score.Band);
    }

    [Fact]
    public void Compute_ThresholdsFromOptions()
    {
        var options = new ChurnOptions
        {
            ArpuDropThreshold = -0.2m,
            InactivityFromDays = 14,
            ArrearsFromDays = 10,
            CommitmentEndingWithinDays = 90,
            RepeatComplaintsFrom = 3,
            ShortTenureMonths = 30,
            HighBandFrom = 70,
            MediumBandFrom = 50,
        };
        var facts = Mature with
        {
            RecentArpu = 80,
            DaysSinceLastChargeableEvent = 14,
            ArrearsDays = 10,
            CommitmentEnd = AsOf.AddDays(90),
            ComplaintsLast90Days = 2,
        };

        var score = ChurnScore.Compute(facts, AsOf, options);

        Assert.Equal(["ARPU-DROP", "INACTIVE", "ARREARS", "COMMIT-ENDING", "SHORT-TENURE"], score.Signals.Select(s => s.Code));
        Assert.Equal(ChurnBand.High, score.Band);
        Assert.Equal(ChurnBand.Medium, ChurnScore.BandOf(69, options));
        Assert.Contains("Churn:ArpuDropThreshold", new ChurnOptions { ArpuDropThreshold = 0.3m }.Validate()[0], StringComparison.Ordinal);
    }

    [Fact]
    public void Compute_NoSignals_ZeroAndLow()
    {
        var score = ChurnScore.Compute(Mature, AsOf);

        Assert.Equal(0, score.Value);
        Assert.Equal(ChurnBand.Low, score.Band);
        Assert.Empty(score.Signals);
    }

    [Fact]
    public void Compute_EverySignal_CappedAtHundred()
    {
        var facts = Mature with
        {
            RecentArpu = 10,
            VoiceUsageChange = -0.9m,
            DaysSinceLastChargeableEvent = 40,
            ComplaintSlaBreachedLast90Days = true,
            ComplaintsLast90Days = 5,
            ArrearsDays = 60,
            CommitmentEnd = AsOf,
            TenureMonths = 6,
            IntentToLeave = true,
        };

        var score = ChurnScore.Compute(facts, AsOf);

        Assert.Equal(100, score.Value);
        Assert.Equal(9, score.Signals.Count);
    }

    [Theory]
    [InlineData(29, ChurnBand.Low)]
    [InlineData(30, ChurnBand.Medium)]
    [InlineData(59, ChurnBand.Medium)]
    [InlineData(60, ChurnBand.High)]
    public void BandOf_Boundaries_LowMediumHigh(int value, ChurnBand expected)
    {
        Assert.Equal(expected, ChurnScore.BandOf(value));
    }

    [Fact]
    public void MonthlyChurnProbability_ScoreZero_TenPercentAYear()
    {
        var score = new ChurnScore(0, ChurnBand.Low, []);

        var monthly = score.MonthlyChurnProbability();

        Assert.Equal(0.10, 1 - Math.Pow(1 - monthly, 12), 6);
    }

    [Fact]
    public void MonthlyChurnProbability_HigherScore_HigherProbability()
    {
        var low = new ChurnScore(20, ChurnBand.Low, []).MonthlyChurnProbability();

        var high = new ChurnScore(80, ChurnBand.High, []).MonthlyChurnProbability();

        Assert.True(high > low * 3, $"high {high} vs low {low}");
    }
}
