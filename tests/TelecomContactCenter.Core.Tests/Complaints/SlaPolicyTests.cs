using TelecomContactCenter.Core.Complaints;
using TelecomContactCenter.Core.Customers;

namespace TelecomContactCenter.Core.Tests.Complaints;

public sealed class SlaPolicyTests
{
    private readonly SlaPolicy _policy = new();

    [Theory]
    [InlineData(ValueTier.Platinum, SlaKind.NonFault, 4, SlaTimeBasis.BusinessHours)]
    [InlineData(ValueTier.Gold, SlaKind.NonFault, 9, SlaTimeBasis.BusinessHours)]
    [InlineData(ValueTier.Silver, SlaKind.NonFault, 18, SlaTimeBasis.BusinessHours)]
    [InlineData(ValueTier.Standard, SlaKind.NonFault, 45, SlaTimeBasis.BusinessHours)]
    [InlineData(ValueTier.Platinum, SlaKind.Fault, 8, SlaTimeBasis.WallClock)]
    [InlineData(ValueTier.Platinum, SlaKind.DataOrLeasedLineFault, 4, SlaTimeBasis.WallClock)]
    [InlineData(ValueTier.Gold, SlaKind.Fault, 12, SlaTimeBasis.WallClock)]
    [InlineData(ValueTier.Silver, SlaKind.Fault, 24, SlaTimeBasis.WallClock)]
    [InlineData(ValueTier.Standard, SlaKind.DataOrLeasedLineFault, 24, SlaTimeBasis.WallClock)]
    public void TargetFor_TierAndKind_FollowsSlaTable(ValueTier tier, SlaKind kind, double hours, SlaTimeBasis basis)
    {
        var target = _policy.TargetFor(tier, kind);

        Assert.Equal(TimeSpan.FromHours(hours), target.Duration);
        Assert.Equal(basis, target.Basis);
    }

    [Theory]
    [InlineData(GroupTier.G1, SlaKind.DataOrLeasedLineFault, 4)]
    [InlineData(GroupTier.G2, SlaKind.DataOrLeasedLineFault, 4)]
    [InlineData(GroupTier.G3, SlaKind.DataOrLeasedLineFault, 24)]
    [InlineData(GroupTier.G1, SlaKind.Fault, 24)]
    public void TargetFor_GroupDataFault_RoutesAsPlatinum(GroupTier group, SlaKind kind, double hours)
    {
        var target = _policy.TargetFor(ValueTier.Standard, kind, group);

        Assert.Equal(TimeSpan.FromHours(hours), target.Duration);
    }

    [Theory]
    [InlineData(ValueTier.Platinum, 50, true)]
    [InlineData(ValueTier.Gold, 50, true)]
    [InlineData(ValueTier.Silver, 75, false)]
    [InlineData(ValueTier.Standard, 75, false)]
    public void TargetFor_Tier_AlertsAndAccountManagerNotice(ValueTier tier, int alertPercent, bool notifyAm)
    {
        var target = _policy.TargetFor(tier, SlaKind.NonFault);

        Assert.Equal(alertPercent, target.SupervisorAlertPercent);
        Assert.Equal(notifyAm, target.NotifyAccountManagerOnCreation);
    }

    [Theory]
    [InlineData("8", "Sla:UtcOffset")]
    [InlineData("+15:00", "Sla:UtcOffset")]
    public void Validate_BadOffset_NamesKey(string offset, string key)
    {
        var errors = new SlaOptions { UtcOffset = offset }.Validate();

        Assert.Contains(errors, e => e.StartsWith(key, StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_BadCalendar_NamesKeys()
    {
        var options = new SlaOptions { BusinessDays = "Funday", BusinessDayEnd = new TimeOnly(8, 0) };

        var errors = options.Validate();

        Assert.Contains(errors, e => e.StartsWith("Sla:BusinessDays", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Sla:BusinessDayEnd", StringComparison.Ordinal));
        Assert.Throws<ArgumentException>(() => new SlaPolicy(options));
    }

    [Fact]
    public void Validate_Defaults_NoErrors()
    {
        Assert.Empty(new SlaOptions().Validate());
    }
}
