using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using TelecomContactCenter.Core.Complaints;
using TelecomContactCenter.Core.Customers;
using TelecomContactCenter.Server.Complaints;
using TelecomContactCenter.Server.Customers;
using TelecomContactCenter.Server.Data;
using TelecomContactCenter.Server.Profiles;

namespace TelecomContactCenter.Server.DemoData;

/// <summary>
/// Demo complaints, driven through Core's workflow so their audit trails and SLA clocks are real: the documented
/// one of +8613800000006 (owned by agent1) and about one in 200 other customers' (at most 300), spread over the
/// open states and owners agent1–agent5. Runs after the first profile evaluation (tier at creation comes from it).
/// </summary>
internal sealed class DemoComplaints(
    ContactCenterDbContext db, ComplaintSla sla, ProfileEvaluator profiles, IOptions<DemoDataOptions> options,
    DemoDataClock clock, TimeProvider timeProvider) : IStartupStep
{
    private static readonly ComplaintTrigger[][] Paths =
    [
        [],
        [ComplaintTrigger.Classify],
        [ComplaintTrigger.Classify, ComplaintTrigger.StartWork],
        [ComplaintTrigger.Classify, ComplaintTrigger.StartWork, ComplaintTrigger.EscalateToBackOffice],
        [ComplaintTrigger.Classify, ComplaintTrigger.StartWork, ComplaintTrigger.RequestCustomerInfo],
        [ComplaintTrigger.Classify, ComplaintTrigger.StartWork, ComplaintTrigger.ResolveOnCall],
    ];

    private static readonly ComplaintCategory[] Categories =
        [ComplaintCategory.Billing, ComplaintCategory.Network, ComplaintCategory.Provisioning, ComplaintCategory.ServiceEncounter];

    /// <summary>What callers of a Chinese operator say, as an agent types it, a few per category.</summary>
    private static readonly Dictionary<ComplaintCategory, string[]> Summaries = new()
    {
        [ComplaintCategory.Billing] = ["账单里有一笔没订购过的增值业务费", "套餐改了以后月租还按原价扣", "国际漫游流量费比说明的贵很多"],
        [ComplaintCategory.Network] = ["家里室内信号差，通话总是断", "宽带晚上八点以后经常掉线", "手机显示5G但网速很慢"],
        [ComplaintCategory.Provisioning] = ["宽带预约装机三天了还没人上门", "携号转入后副卡一直用不了", "升级套餐的申请提交了但没生效"],
        [ComplaintCategory.ServiceEncounter] = ["营业厅办理业务时工作人员态度差", "客服说好回电，一直没有回", "热线排队等了二十多分钟"],
    };

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        if (!options.Value.Enabled || await db.Complaints.AnyAsync(cancellationToken))
        {
            return;
        }

        // Opened relative to the generation mark (at the latest), so the demo clock moves them with the rest of the history.
        var now = await clock.GeneratedAtAsync(cancellationToken) is { } generated && generated < timeProvider.GetUtcNow()
            ? generated
            : timeProvider.GetUtcNow();
        var candidates = await db.Customers.AsNoTracking()
            .Where(c => (c.Id % 200 == 7 && c.Status == AccountStatus.Active) || c.Phone == FixedCustomers.GoldMaturityWithComplaint)
            .OrderBy(c => c.Id).Take(300)
            .Join(db.CustomerProfiles, c => c.Id, p => p.CustomerId, (c, p) => new { c.Id, c.Phone, p.Tier })
            .ToListAsync(cancellationToken);
        var workflow = sla.Workflow;
        foreach (var (candidate, index) in candidates.Select((c, i) => (c, i)))
        {
            var isFixed = candidate.Phone == FixedCustomers.GoldMaturityWithComplaint;
            var createdAt = isFixed ? now.AddHours(-2) : now.AddHours(-(index % 9 * 11) - 1);
            var complaint = new Complaint
            {
                Id = ComplaintId.New(createdAt),
                CustomerId = candidate.Id.ToString(),
                Owner = isFixed ? FixedCustomers.ComplaintOwner : $"agent{(index % 5) + 1}",
                Category = isFixed ? ComplaintCategory.Billing : Categories[index % Categories.Length],
                Severity = ComplaintSeverity.Medium,
                TierAtCreation = Enum.Parse<ValueTier>(candidate.Tier),
                SlaKind = SlaKind.NonFault,
                CreatedAt = createdAt,
                Summary = isFixed ? "十月份的流量包被重复扣了两次费" : Summaries[Categories[index % Categories.Length]][index / Categories.Length % 3],
            };
            var path = isFixed ? Paths[2] : Paths[index % Paths.Length];
            foreach (var (trigger, step) in path.Select((t, i) => (t, i)))
            {
                var reason = trigger == ComplaintTrigger.EscalateToBackOffice ? "需要后台核实处理" : null;
                workflow.Fire(complaint, trigger, complaint.Owner, reason, createdAt.AddMinutes(step + 1));
            }

            db.Complaints.Add(complaint);
        }

        await db.SaveChangesAsync(cancellationToken);
        foreach (var candidate in candidates)
        {
            await profiles.EvaluateCustomerAsync(candidate.Id, cancellationToken);
        }
    }
}
