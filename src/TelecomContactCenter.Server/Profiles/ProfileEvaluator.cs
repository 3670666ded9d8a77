using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using TelecomContactCenter.Core.Complaints;
using TelecomContactCenter.Core.Customers;
using TelecomContactCenter.Core.Offers;
using TelecomContactCenter.Server.Complaints;
using TelecomContactCenter.Server.Customers;
using TelecomContactCenter.Server.Data;
using TelecomContactCenter.Server.Discounts;
using TelecomContactCenter.Server.Interactions;
using TelecomContactCenter.Server.Offers;

namespace TelecomContactCenter.Server.Profiles;

/// <summary>
/// Evaluates stage, tier, churn and CLV with Core's evaluators and stores the result as the profile snapshot that
/// the customer 360 and routing read. Works in id ranges so a million customers stream through in batches.
/// </summary>
internal sealed partial class ProfileEvaluator(
    ContactCenterDbContext db,
    PopulationStatisticsCache statisticsCache,
    ComplaintSla sla,
    NextBestOffers offers,
    IOptions<TieringOptions> tiering,
    IOptions<LifecycleOptions> lifecycle,
    IOptions<ChurnOptions> churn,
    IOptions<ProfileOptions> options,
    TimeProvider timeProvider,
    ILogger<ProfileEvaluator> logger)
{
    private static readonly string[] ProfileColumns =
    [
        "CustomerId", "Phone", "Stage", "StageReasons", "StageHistory", "Tier", "TierReason", "TierHistory",
        "ChurnScore", "ChurnBand", "Clv", "OpenComplaintCount", "View", "EvaluatedAt",
    ];

    public async Task<int> EvaluateAllAsync(CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        var statistics = await PopulationStatistics.ComputeAsync(db, now, tiering.Value, cancellationToken);
        statisticsCache.Set(statistics);
        var ids = await db.Customers.Select(c => c.Id).OrderBy(id => id).ToListAsync(cancellationToken);
        var started = timeProvider.GetTimestamp();
        var done = 0;
        foreach (var batch in ids.Chunk(options.Value.BatchSize))
        {
            await EvaluateRangeAsync(batch[0], batch[^1], statistics, now, cancellationToken);
            done += batch.Length;
            var elapsed = timeProvider.GetElapsedTime(started);
            LogProgress(logger, done, ids.Count, Math.Round(elapsed.TotalSeconds * (ids.Count - done) / done));
        }

        LogEvaluated(logger, ids.Count, statistics.Cutoffs.Platinum, statistics.Cutoffs.Gold, statistics.Cutoffs.Silver);
        return ids.Count;
    }

    public async Task EvaluateCustomerAsync(long customerId, CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        var statistics = statisticsCache.Current
            ?? await PopulationStatistics.ComputeAsync(db, now, tiering.Value, cancellationToken);
        statisticsCache.Set(statistics);
        await EvaluateRangeAsync(customerId, customerId, statistics, now, cancellationToken);
    }

    /// <summary>
    /// What the discount ladder needs about one customer: the tier and CLV as last evaluated (tier hysteresis and
    /// overrides included), the monthly revenue, cost to serve and unprofitable flag from the bills now, and the
    /// percent off of every discount in force; null when the customer does not exist.
    /// </summary>
    public async Task<DiscountCustomer?> DiscountCustomerAsync(long customerId, CancellationToken cancellationToken)
    {
        var snapshot = await db.CustomerProfiles.AsNoTracking().Where(p => p.CustomerId == customerId)
            .Select(p => new { p.Tier, p.Clv }).FirstOrDefaultAsync(cancellationToken);
        if (snapshot is null)
        {
            if (!await db.Customers.AnyAsync(c => c.Id == customerId, cancellationToken))
            {
                return null;
            }

            await EvaluateCustomerAsync(customerId, cancellationToken);
            snapshot = await db.CustomerProfiles.AsNoTracking().Where(p => p.CustomerId == customerId)
                .Select(p => new { p.Tier, p.Clv }).FirstAsync(cancellationToken);
        }

        var now = timeProvider.GetUtcNow();
        var statistics = statisticsCache.Current ?? await PopulationStatistics.ComputeAsync(db, now, tiering.Value, cancellationToken);
        var history = (await LoadAsync(customerId, customerId, statistics, now, cancellationToken)).Single();
        var facts = history.ToFacts(now);
        return new DiscountCustomer(
            Enum.Parse<ValueTier>(snapshot.Tier), facts.IsUnprofitable, facts.RecentArpu, facts.RecentCostToServe, snapshot.Clv,
            history.DiscountsInForce.Sum(d => d.Percent));
    }

    private async Task EvaluateRangeAsync(
        long first, long last, PopulationStatistics statistics, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var histories = await LoadAsync(first, last, statistics, now, cancellationToken);
        var previous = await db.CustomerProfiles.AsNoTracking()
            .Where(p => p.CustomerId >= first && p.CustomerId <= last)
            .Select(p => new { p.CustomerId, p.StageHistory, p.TierHistory })
            .ToDictionaryAsync(p => p.CustomerId, cancellationToken);
        var asOf = DateOnly.FromDateTime(now.UtcDateTime);
        var evaluator = new CustomerProfileEvaluator(lifecycle.Value, tiering.Value, churn.Value);
        var rows = new List<object?[]>(histories.Count);
        foreach (var history in histories)
        {
            var facts = history.ToFacts(now);
            previous.TryGetValue(history.Customer.Id, out var before);
            var profile = evaluator.Evaluate(
                facts,
                statistics.Cutoffs,
                before is null ? null : JsonSerializer.Deserialize(before.StageHistory, ProfileJsonContext.Default.StageHistory),
                before is null ? null : JsonSerializer.Deserialize(before.TierHistory, ProfileJsonContext.Default.TierHistory),
                Override(history.Customer, asOf),
                asOf);
            var (stage, tier, score) = (profile.Stage, profile.Tier, profile.Churn);
            var view = CustomerViewBuilder.Build(history, facts, profile, offers.For(history, facts, profile, now), statistics, now);
            var clv = view.Clv;
            rows.Add(
            [
                history.Customer.Id, history.Customer.Phone, stage.Stage.ToString(), string.Join(',', stage.ReasonCodes),
                JsonSerializer.Serialize(stage.History, ProfileJsonContext.Default.StageHistory), tier.Tier.ToString(),
                tier.Reason.Length > 200 ? tier.Reason[..200] : tier.Reason,
                JsonSerializer.Serialize(tier.History, ProfileJsonContext.Default.TierHistory), score.Value, score.Band.ToString(),
                clv, history.OpenComplaints, JsonSerializer.Serialize(view, ProfileJsonContext.Default.CustomerView), now,
            ]);
        }

        // Replace the range's snapshots in one transaction, so a lookup never sees a half-written batch.
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            await db.CustomerProfiles.Where(p => p.CustomerId >= first && p.CustomerId <= last).ExecuteDeleteAsync(cancellationToken);
            await BulkWriter.For(db).WriteAsync(db, "customer_profiles", ProfileColumns, rows, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private async Task<List<CustomerHistory>> LoadAsync(
        long first, long last, PopulationStatistics statistics, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var since = new DateOnly(now.Year, now.Month, 1).AddMonths(-13);
        var intentSince = now.AddDays(-30);
        var complaintsSince = now.AddDays(-90);
        var customers = await db.Customers.AsNoTracking().Where(c => c.Id >= first && c.Id <= last).ToListAsync(cancellationToken);
        var bills = (await db.MonthlyBills.AsNoTracking()
            .Where(b => b.CustomerId >= first && b.CustomerId <= last && b.Month >= since).ToListAsync(cancellationToken))
            .ToLookup(b => b.CustomerId);
        var usage = (await db.MonthlyUsage.AsNoTracking()
            .Where(u => u.CustomerId >= first && u.CustomerId <= last && u.Month >= since).ToListAsync(cancellationToken))
            .ToLookup(u => u.CustomerId);
        var products = (await db.Products.AsNoTracking()
            .Where(p => p.CustomerId >= first && p.CustomerId <= last).ToListAsync(cancellationToken))
            .ToLookup(p => p.CustomerId);
        var intent = (await db.Interactions.AsNoTracking()
            .Where(i => i.CustomerId >= first && i.CustomerId <= last && i.StartedAt >= intentSince
                && ContactReasons.IntentToLeave.Contains(i.ReasonCode!))
            .Select(i => i.CustomerId!.Value).ToListAsync(cancellationToken)).ToHashSet();
        var reasons = (await db.Set<CustomerReason>().AsNoTracking()
            .Where(r => r.CustomerId >= first && r.CustomerId <= last && (r.CapturedAt >= intentSince || r.Kind == ReasonKind.ExitReason || r.Kind == ReasonKind.KeyBuyingFactor))
            .OrderByDescending(r => r.CapturedAt).ThenByDescending(r => r.Id)
            .ToListAsync(cancellationToken))
            .ToLookup(r => r.CustomerId);
        // A port-out, cancellation or competitor reason captured in the last 30 days is the intent trigger, as on an interaction.
        intent.UnionWith(reasons.SelectMany(g => g)
            .Where(r => r.CapturedAt >= intentSince && CustomerReasons.TryFind(r.Kind, r.Code, out var code) && code.SignalsIntentToLeave)
            .Select(r => r.CustomerId));
        var discounts = (await db.Set<DiscountRequest>().AsNoTracking().Granted().Where(d => d.CustomerId >= first && d.CustomerId <= last).ToListAsync(cancellationToken))
            .Where(d => d.IsInForce(now))
            .ToLookup(d => d.CustomerId, d => new DiscountInForce(d.OfferId, d.Percent, d.EndsAt()));
        var keys = customers.Select(c => c.Id.ToString()).ToList();
        var complaints = (await db.Complaints.AsNoTracking()
            .Include(c => c.Transitions.OrderBy(t => t.At).ThenBy(t => EF.Property<long>(t, "Id")))
            .Where(c => keys.Contains(c.CustomerId)
                && (c.CreatedAt >= complaintsSince || !ComplaintStates.Terminal.Contains(c.State)))
            .ToListAsync(cancellationToken))
            .Select(c => new
            {
                CustomerId = long.Parse(c.CustomerId),
                c.CreatedAt,
                c.IsOpen,
                Cause = c.Category.CauseClass(),
                Status = sla.StatusOf(c, now),
                c.Owner,
            })
            .ToLookup(c => c.CustomerId);
        return customers.Select(c => new CustomerHistory(
            c,
            bills[c.Id].ToList(),
            usage[c.Id].ToList(),
            products[c.Id].ToList(),
            intent.Contains(c.Id),
            complaints[c.Id].Count(x => x.CreatedAt >= complaintsSince),
            complaints[c.Id].Any(x => x.CreatedAt >= complaintsSince && x.Status.IsBreached),
            complaints[c.Id].Count(x => x.IsOpen),
            complaints[c.Id].Where(x => x.IsOpen).Select(x => (DeclineCause?)x.Cause).FirstOrDefault(),
            Membership(c, statistics))
        {
            OpenComplaintDueAt = complaints[c.Id].Where(x => x.IsOpen).Select(x => x.Status.DueAt).FirstOrDefault(),
            OpenComplaintOwner = complaints[c.Id].Where(x => x.IsOpen).Select(x => x.Owner).FirstOrDefault(),
            Reasons = CapturedReasons.From(reasons[c.Id], intentSince),
            DiscountsInForce = [.. discounts[c.Id]],
        }).ToList();
    }

    private static GroupMembership? Membership(Customer customer, PopulationStatistics statistics) =>
        customer.GroupAccountId is { } groupId && statistics.GroupTiers.TryGetValue(groupId, out var groupTier)
            ? new GroupMembership(groupId.ToString(), groupTier,
                Enum.TryParse<GroupContactRole>(customer.KeyContactRole, out var role) ? role : GroupContactRole.Employee)
            : null;

    private static TierOverride? Override(Customer customer, DateOnly asOf)
    {
        if (customer.TierOverride is null || customer.TierOverrideExpiresAt is null
            || !Enum.TryParse<ValueTier>(customer.TierOverride, out var tier))
        {
            return null;
        }

        var expires = DateOnly.FromDateTime(customer.TierOverrideExpiresAt.Value.UtcDateTime);
        // The override was validated when it was set; re-check only that it is still in force.
        return expires < asOf ? null : TierOverride.Create(
            tier, customer.TierOverrideReason ?? "override", customer.TierOverrideBy ?? "unknown", asOf, expires);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Evaluated {Done} of {Total} profiles, about {SecondsLeft} s left")]
    private static partial void LogProgress(ILogger logger, int done, int total, double secondsLeft);

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Evaluated {Count} profiles; 12-month cut-offs Platinum {Platinum}, Gold {Gold}, Silver {Silver}")]
    private static partial void LogEvaluated(ILogger logger, int count, decimal platinum, decimal gold, decimal silver);
}
