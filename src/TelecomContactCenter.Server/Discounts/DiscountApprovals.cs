using System.Globalization;
using Microsoft.AspNetCore.SignalR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using TelecomContactCenter.Core.Offers;
using TelecomContactCenter.Server.Data;
using TelecomContactCenter.Server.Hubs;
using TelecomContactCenter.Server.Profiles;
using TelecomContactCenter.Server.Web;

namespace TelecomContactCenter.Server.Discounts;

/// <summary>
/// Discounts and their approval on the tier's ladder (domain.md §2.7, Core's <see cref="DiscountLadder"/>), the same
/// for an accepted offer and a goodwill discount: refused for an unprofitable customer (flag, CLV or margin ≤ 0),
/// above the tier cap or its months, or below cost (400 naming the rule's code); within the agent's rung for the
/// tier (and their own cap, if lower) applied at once; above it, waiting for a supervisor, who sees it live on the
/// wallboard and approves or rejects it, and the requesting agent's desktop hears the decision live. A
/// supervisor's own discount up to the tier cap applies at once. Everything beyond the agent's rung is audited with
/// who, when and how much. Scoped, like the DbContext it uses.
/// </summary>
internal sealed partial class DiscountApprovals(
    ContactCenterDbContext db, AuditLog audit, IOptions<OfferOptions> offers, ProfileEvaluator profiles, TimeProvider time,
    IHubContext<AgentHub, IAgentClient> agents, IHubContext<SupervisorHub, ISupervisorClient> supervisors, ILogger<DiscountApprovals> logger)
{
    public const int MaxMonths = 24;

    /// <summary>Grants or asks for <paramref name="ask"/> on behalf of <paramref name="actor"/>.</summary>
    public async Task<DiscountResult> RequestAsync(string actor, bool isSupervisor, DiscountAsk ask, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ask);
        if (Invalid(ask) is { } problem)
        {
            return DiscountResult.Fail(StatusCodes.Status400BadRequest, "discount.invalid", problem);
        }

        if (await profiles.DiscountCustomerAsync(ask.CustomerId, cancellationToken) is not { } customer)
        {
            return DiscountResult.Fail(StatusCodes.Status404NotFound, "customer.notFound", $"Customer {ask.CustomerId} does not exist.");
        }

        if (ask.OfferId is not null && ask.CallId is not null
            && await db.Set<DiscountRequest>().AsNoTracking().FirstOrDefaultAsync(
                d => d.CallId == ask.CallId && d.OfferId == ask.OfferId && d.Status != DiscountStatus.Rejected, cancellationToken) is { } earlier)
        {
            return DiscountResult.Ok(DiscountView.From(earlier));
        }

        var options = offers.Value;
        var ownCap = isSupervisor ? null : options.AgentOwnCap(actor);
        var verdict = new DiscountLadder(options.DiscountAuthority).Judge(customer, ask.Percent, ask.Months, ownCap);
        if (verdict.Refused)
        {
            return DiscountResult.Refuse(verdict.RefusalCode!, $"Refused for this {customer.Tier} customer: {verdict.Reason}.");
        }

        var agentRung = Math.Min(verdict.Limits.AgentPercent, ownCap ?? decimal.MaxValue);
        var authority = isSupervisor ? verdict.Limits.SupervisorPercent : agentRung;
        var now = time.GetUtcNow();
        var within = isSupervisor || !verdict.NeedsSupervisor;
        var row = new DiscountRequest
        {
            CustomerId = ask.CustomerId,
            CallId = ask.CallId,
            OfferId = ask.OfferId,
            Percent = ask.Percent,
            Months = ask.Months,
            Reason = ask.Reason.Trim(),
            RequestedBy = actor,
            RequestedAt = now,
            AuthorityPercent = authority,
            Status = within ? DiscountStatus.Applied : DiscountStatus.Pending,
            DecidedBy = within ? actor : null,
            DecidedAt = within ? now : null,
        };
        db.Add(row);
        await db.SaveChangesAsync(cancellationToken);
        if (row.Status == DiscountStatus.Applied)
        {
            await ReevaluateAsync(row.CustomerId, cancellationToken);
        }

        var view = DiscountView.From(row);
        if (isSupervisor && verdict.NeedsSupervisor)
        {
            await audit.RecordAsync(actor, "discount.apply", Target(row),
                $"{Terms(row)} applied directly, above the {customer.Tier} agent authority of {Percent(verdict.Limits.AgentPercent)}: {row.Reason}", cancellationToken);
        }

        if (!isSupervisor)
        {
            await agents.Clients.User(actor).DiscountChanged(view);
        }

        if (row.Status == DiscountStatus.Pending)
        {
            await audit.RecordAsync(actor, "discount.request", Target(row),
                $"{Terms(row)} above the agent's {customer.Tier} authority of {Percent(authority)} for {verdict.Limits.AgentMonths} months: {row.Reason}",
                cancellationToken);
            await PushPendingAsync(cancellationToken);
        }

        return DiscountResult.Ok(view);
    }

    /// <summary>A supervisor approves or rejects a pending request; the first decision wins, a second one is a 409.</summary>
    public async Task<DiscountResult> DecideAsync(long id, bool approve, string supervisor, string? note, CancellationToken cancellationToken)
    {
        if (!approve && string.IsNullOrWhiteSpace(note))
        {
            return DiscountResult.Fail(StatusCodes.Status400BadRequest, "discount.rejectionNeedsNote", "A rejection needs a note the agent can pass on to the customer.");
        }

        if (note?.Length > 500)
        {
            return DiscountResult.Fail(StatusCodes.Status400BadRequest, "discount.noteTooLong", "note is at most 500 characters.");
        }

        if (approve && await ApprovalRefusedAsync(id, cancellationToken) is { } refused)
        {
            return refused;
        }

        var status = approve ? DiscountStatus.Approved : DiscountStatus.Rejected;
        var now = time.GetUtcNow();
        var trimmed = note?.Trim();
        // One conditional UPDATE, so two supervisors deciding at once cannot both win.
        var changed = await db.Set<DiscountRequest>().Where(d => d.Id == id && d.Status == DiscountStatus.Pending)
            .ExecuteUpdateAsync(u => u.SetProperty(d => d.Status, status).SetProperty(d => d.DecidedBy, supervisor)
                .SetProperty(d => d.DecidedAt, now).SetProperty(d => d.DecisionNote, trimmed), cancellationToken);
        var row = await db.Set<DiscountRequest>().AsNoTracking().FirstOrDefaultAsync(d => d.Id == id, cancellationToken);
        if (row is null)
        {
            return DiscountResult.Fail(StatusCodes.Status404NotFound, "discount.notFound", $"Discount request {id} does not exist.");
        }

        if (changed == 0)
        {
            return DiscountResult.Fail(StatusCodes.Status409Conflict, "discount.alreadyDecided",
                $"Discount request {id} is already {row.Status}{(row.DecidedBy is null ? "" : $" by {row.DecidedBy}")}.");
        }

        await audit.RecordAsync(supervisor, approve ? "discount.approve" : "discount.reject", Target(row),
            $"{Terms(row)} requested by {row.RequestedBy}{(trimmed is null ? "" : $": {trimmed}")}", cancellationToken);
        if (approve)
        {
            await ReevaluateAsync(row.CustomerId, cancellationToken);
        }

        var view = DiscountView.From(row);
        await agents.Clients.User(row.RequestedBy).DiscountChanged(view);
        await PushPendingAsync(cancellationToken);
        return DiscountResult.Ok(view);
    }

    public async Task<IReadOnlyList<DiscountView>> ListAsync(string? requestedBy, DiscountStatus? status, CancellationToken cancellationToken)
    {
        var query = db.Set<DiscountRequest>().AsNoTracking();
        if (requestedBy is not null)
        {
            query = query.Where(d => d.RequestedBy == requestedBy);
        }

        if (status is not null)
        {
            query = query.Where(d => d.Status == status);
        }

        var rows = await query.OrderByDescending(d => d.Id).Take(200).ToListAsync(cancellationToken);
        return await WithInForceAsync(rows.Select(DiscountView.From).ToList(), cancellationToken);
    }

    public Task<IReadOnlyList<DiscountView>> PendingAsync(CancellationToken cancellationToken) =>
        ListAsync(null, DiscountStatus.Pending, cancellationToken);

    private async Task PushPendingAsync(CancellationToken cancellationToken) =>
        await supervisors.Clients.All.PendingDiscounts(await PendingAsync(cancellationToken));

    /// <summary>Each pending request with the percent off its customer already holds, which the approver adds to it.</summary>
    private async Task<IReadOnlyList<DiscountView>> WithInForceAsync(List<DiscountView> views, CancellationToken cancellationToken)
    {
        var customers = views.Where(v => v.Status == nameof(DiscountStatus.Pending)).Select(v => v.CustomerId).Distinct().ToList();
        if (customers.Count == 0)
        {
            return views;
        }

        var now = time.GetUtcNow();
        var inForce = (await db.Set<DiscountRequest>().AsNoTracking().Granted().Where(d => customers.Contains(d.CustomerId)).ToListAsync(cancellationToken))
            .Where(d => d.IsInForce(now))
            .GroupBy(d => d.CustomerId)
            .ToDictionary(g => g.Key, g => g.Sum(d => d.Percent));
        return [.. views.Select(v => v.Status == nameof(DiscountStatus.Pending) ? v with { CustomerInForcePercent = inForce.GetValueOrDefault(v.CustomerId) } : v)];
    }

    /// <summary>
    /// The ladder again at approval, on the discounts in force now: another discount granted while this one waited
    /// may have taken the customer to the tier cap (or the customer's margin may have gone). Null when it may be
    /// approved, or when there is no pending request of that id (the update below says which).
    /// </summary>
    private async Task<DiscountResult?> ApprovalRefusedAsync(long id, CancellationToken cancellationToken)
    {
        var pending = await db.Set<DiscountRequest>().AsNoTracking().FirstOrDefaultAsync(d => d.Id == id && d.Status == DiscountStatus.Pending, cancellationToken);
        if (pending is null || await profiles.DiscountCustomerAsync(pending.CustomerId, cancellationToken) is not { } customer)
        {
            return null;
        }

        var verdict = new DiscountLadder(offers.Value.DiscountAuthority).Judge(customer, pending.Percent, pending.Months);
        return verdict.Refused
            ? DiscountResult.Refuse(verdict.RefusalCode!, $"Cannot be approved for this {customer.Tier} customer now: {verdict.Reason}. Reject it with a note for the agent.")
            : null;
    }

    /// <summary>
    /// A granted discount changes what the customer is offered (not the same offer again, the ladder's room for
    /// another), so the profile the next pop reads is evaluated again. Best effort: the discount is saved, and a
    /// failure here must not tell the agent otherwise (a retry would grant it twice); the scheduled evaluation
    /// catches up.
    /// </summary>
    private async Task ReevaluateAsync(long customerId, CancellationToken cancellationToken)
    {
        try
        {
            await profiles.EvaluateCustomerAsync(customerId, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogReevaluationFailed(logger, customerId, ex);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Customer {CustomerId}'s profile was not evaluated again after a discount was granted; the next scheduled evaluation will")]
    private static partial void LogReevaluationFailed(ILogger logger, long customerId, Exception exception);

    private static string? Invalid(DiscountAsk ask)
    {
        if (ask.Percent is <= 0 or > 100)
        {
            return "percent must be more than 0 and at most 100.";
        }

        if (decimal.Round(ask.Percent, 2) != ask.Percent)
        {
            return "percent has at most two decimals.";
        }

        if (ask.Months is < 1 or > MaxMonths)
        {
            return $"months must be between 1 and {MaxMonths}.";
        }

        if (string.IsNullOrWhiteSpace(ask.Reason) || ask.Reason.Length > 500)
        {
            return "reason is required (at most 500 characters): it is what the approver reads.";
        }

        return null;
    }

    private static string Target(DiscountRequest row) => $"discount {row.Id} customer {row.CustomerId.ToString(CultureInfo.InvariantCulture)}";

    private static string Terms(DiscountRequest row) => $"{Percent(row.Percent)} for {row.Months} months";

    private static string Percent(decimal value) => value.ToString("0.##", CultureInfo.InvariantCulture) + "%";
}
