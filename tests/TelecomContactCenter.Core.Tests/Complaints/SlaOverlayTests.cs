using TelecomContactCenter.Core.Complaints;
using TelecomContactCenter.Core.Customers;
using static TelecomContactCenter.Core.Complaints.ComplaintTrigger;
using static TelecomContactCenter.Core.Tests.Complaints.SampleComplaints;

namespace TelecomContactCenter.Core.Tests.Complaints;

public sealed class SlaOverlayTests
{
    private readonly SlaClock _clock = new(new SlaPolicy());

    [Theory]
    [InlineData(ValueTier.Gold, null, true)]
    [InlineData(ValueTier.Platinum, null, true)]
    [InlineData(ValueTier.Silver, null, false)]
    [InlineData(ValueTier.Standard, GroupTier.G2, true)]
    [InlineData(ValueTier.Standard, GroupTier.G3, false)]
    public void IsVip_GoldAndAboveOrKeyGroups(ValueTier tier, GroupTier? group, bool vip)
    {
        Assert.Equal(vip, New(tier, group: group).IsVip);
    }

    [Theory]
    [InlineData(ValueTier.Gold, 6, true)]
    [InlineData(ValueTier.Silver, 12, false)]
    [InlineData(ValueTier.Silver, 18, true)]
    public void SupervisorAlertDue_AtTierAlertPoint(ValueTier tier, int hours, bool due)
    {
        var c = New(tier, SlaKind.Fault);
        DriveTo(c, ComplaintState.InProgressFirstContact);

        var status = _clock.Evaluate(c, c.CreatedAt.AddHours(hours));

        Assert.Equal(due, status.SupervisorAlertDue);
    }

    [Theory]
    [InlineData(14, false)]
    [InlineData(15, true)]
    public void OlaBreached_BackOfficePastSixtyPercent(int hours, bool breached)
    {
        var c = New(ValueTier.Standard, SlaKind.Fault);
        var t = DriveTo(c, ComplaintState.EscalatedBackOffice);

        var status = _clock.Evaluate(c, t.AddHours(hours));

        Assert.Equal(breached, status.OlaBreached);
    }

    [Fact]
    public void OlaBreached_AfterBackOfficeResolved_NoLongerFlagged()
    {
        var c = New(ValueTier.Standard, SlaKind.Fault);
        var t = DriveTo(c, ComplaintState.EscalatedBackOffice);
        Workflow.Fire(c, BackOfficeResolve, "bo.team", null, t.AddHours(20));

        var status = _clock.Evaluate(c, t.AddHours(21));

        Assert.False(status.OlaBreached);
    }
}
