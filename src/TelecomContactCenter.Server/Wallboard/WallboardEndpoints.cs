using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using TelecomContactCenter.Core.Complaints;
using TelecomContactCenter.Server.Auth;
using TelecomContactCenter.Server.Complaints;
using TelecomContactCenter.Server.Data;
using TelecomContactCenter.Server.Discounts;
using TelecomContactCenter.Server.Ivr.Callbacks;
using TelecomContactCenter.Server.Offers;

namespace TelecomContactCenter.Server.Wallboard;

/// <summary>
/// One open complaint on the wallboard's at-risk table: who, whose, where it is and when it falls due.
/// <see cref="DueAt"/> is null once breached or stopped (resolved, awaiting the customer's confirmation); while paused
/// it is when the SLA falls due if the pause runs to its cap. <see cref="SecondsLeft"/> is the SLA time left on the
/// complaint's own clock (business or wall-clock hours), negative once breached; <see cref="BreachedAt"/> is when the
/// clock reached the target (wall clock), for a breached complaint.
/// </summary>
internal sealed record AtRiskComplaintView(
    Guid Id,
    long CustomerId,
    string? CustomerName,
    string Tier,
    string Category,
    string State,
    string Owner,
    DateTimeOffset? DueAt,
    double SecondsLeft,
    string Band,
    bool IsBreached,
    bool IsPaused,
    double PercentConsumed,
    long Version)
{
    public DateTimeOffset? BreachedAt { get; init; }

    /// <summary>The clock is stopped: resolved, waiting for the customer to confirm.</summary>
    public bool IsStopped { get; init; }
}

/// <summary>Open complaints per SLA band (breached counted apart from the band it breached in).</summary>
internal sealed record BandCountsView(int Breached, int Warning75, int Warning50, int OnTrack, int Paused);

/// <summary>A page of the at-risk table; <see cref="Total"/> counts every open complaint, so no row is ever dropped unseen.</summary>
internal sealed record AtRiskPageView(int Page, int PageSize, int Total, BandCountsView Bands, IReadOnlyList<AtRiskComplaintView> Items);

/// <summary>A discount waiting for a supervisor, with what the supervisor needs to decide: who the customer is and their history.</summary>
internal sealed record ApprovalCardView(
    DiscountView Discount,
    string? CustomerName,
    string? Tier,
    decimal? Clv,
    string? Stage,
    int TenureMonths,
    int OpenComplaints,
    int ApprovedBefore,
    int RejectedBefore,
    int OffersAccepted,
    int OffersDeclined);

/// <summary>Pending callbacks and how they fall: already overdue, the rest of today, tomorrow (hour by hour), later.</summary>
internal sealed record CallbackLoadView(
    int Pending, int Overdue, int DueRestOfToday, int DueTomorrow, int DueLater, IReadOnlyList<int> TomorrowByHour,
    IReadOnlyList<CallbackView> Next);

/// <summary>
/// The supervisor wallboard's reads: the at-risk complaints across every open one (paged, ordered by due time), the
/// approval cards and the callback load. Supervisors and admins only.
/// </summary>
internal static class WallboardEndpoints
{
    public const int MaxPageSize = 200;

    public static RouteGroupBuilder MapWallboard(this RouteGroupBuilder api)
    {
        var board = api.MapGroup("/wallboard").WithTags("Wallboard").RequireAuthorization(Policies.Supervision);
        board.MapGet("/at-risk", AtRiskAsync)
            .WithSummary("Open complaints, soonest due first")
            .WithDescription("Every open complaint (not closed, withdrawn or merged), ordered by SLA due time: breached ones first, the " +
                "longest overdue on top, then by due time, paused and stopped clocks last, one page at a time. total counts them all and bands counts them by SLA band, so nothing " +
                "falls off the board. page starts at 1; pageSize is 1 to 200 (default 25); anything else is a 400.");
        board.MapGet("/approvals", ApprovalsAsync)
            .WithSummary("Discount approval cards")
            .WithDescription("Every pending discount request, newest first, with the customer's name, tier, CLV, lifecycle stage, " +
                "tenure, open complaints, earlier discount decisions and offer outcomes.");
        board.MapGet("/callbacks", CallbacksAsync)
            .WithSummary("Callback load")
            .WithDescription("Pending callbacks split into overdue, the rest of today and tomorrow (with an hourly profile), in the " +
                "day of the given UTC offset in minutes (default +480, Beijing), and the next ten due.");
        return api;
    }

    public static async Task<Results<Ok<AtRiskPageView>, ProblemHttpResult>> AtRiskAsync(
        int? page, int? pageSize, ContactCenterDbContext db, ComplaintSla sla, TimeProvider timeProvider,
        CancellationToken cancellationToken)
    {
        var number = page ?? 1;
        var size = pageSize ?? 25;
        if (number < 1)
        {
            return Problem($"page must be 1 or more (got {number}).");
        }

        if (size is < 1 or > MaxPageSize)
        {
            return Problem($"pageSize must be between 1 and {MaxPageSize} (got {size}).");
        }

        var now = timeProvider.GetUtcNow();
        // The due time replays each complaint's pauses on the SLA clock, so it is worked out here, for every open one.
        var open = await ComplaintQueries.WithHistory(db.Complaints.AsNoTracking())
            .Where(c => !ComplaintStates.Terminal.Contains(c.State))
            .ToListAsync(cancellationToken);
        var rated = open.Select(c => (Complaint: c, Status: sla.StatusOf(c, now))).ToList();
        var bands = new BandCountsView(
            rated.Count(r => r.Status.IsBreached),
            rated.Count(r => !r.Status.IsBreached && r.Status.Band == SlaBand.Warning75),
            rated.Count(r => !r.Status.IsBreached && r.Status.Band == SlaBand.Warning50),
            rated.Count(r => !r.Status.IsBreached && r.Status.Band == SlaBand.OnTrack),
            rated.Count(r => r.Status.IsPaused));
        // Breached first, the earliest breach on top; then by due time; stopped clocks last.
        var ordered = rated
            .OrderBy(r => r.Status.IsBreached ? 0 : r.Status.DueAt is null ? 2 : 1)
            .ThenBy(r => r.Status.BreachedAt ?? DateTimeOffset.MaxValue)
            .ThenBy(r => r.Status.DueAt ?? DateTimeOffset.MaxValue)
            .ThenBy(r => r.Complaint.CreatedAt)
            .ThenBy(r => r.Complaint.Id.Value)
            .Skip((number - 1) * size)
            .Take(size)
            .ToList();
        var ids = ordered.Select(r => long.Parse(r.Complaint.CustomerId)).Distinct().ToList();
        var names = await db.Customers.AsNoTracking().Where(c => ids.Contains(c.Id))
            .ToDictionaryAsync(c => c.Id, c => c.Name, cancellationToken);
        var items = ordered.Select(r =>
        {
            var customerId = long.Parse(r.Complaint.CustomerId);
            return new AtRiskComplaintView(
                r.Complaint.Id.Value, customerId, names.GetValueOrDefault(customerId), r.Complaint.TierAtCreation.ToString(),
                r.Complaint.Category.ToCode(), r.Complaint.State.ToString(), r.Complaint.Owner, r.Status.DueAt,
                Math.Round(r.Status.Remaining.TotalSeconds),
                r.Status.Band.ToString(), r.Status.IsBreached, r.Status.IsPaused, Math.Round(r.Status.FractionConsumed * 100, 1),
                r.Complaint.Version)
            {
                BreachedAt = r.Status.BreachedAt,
                IsStopped = r.Status.IsStopped,
            };
        }).ToList();
        return TypedResults.Ok(new AtRiskPageView(number, size, rated.Count, bands, items));
    }

    public static async Task<Ok<List<ApprovalCardView>>> ApprovalsAsync(
        DiscountApprovals approvals, ContactCenterDbContext db, CancellationToken cancellationToken)
    {
        var pending = await approvals.PendingAsync(cancellationToken);
        var ids = pending.Select(d => d.CustomerId).Distinct().ToList();
        var customers = await db.Customers.AsNoTracking().Where(c => ids.Contains(c.Id))
            .Select(c => new { c.Id, c.Name, c.ActivatedAt }).ToDictionaryAsync(c => c.Id, cancellationToken);
        var profiles = await db.CustomerProfiles.AsNoTracking().Where(p => ids.Contains(p.CustomerId))
            .Select(p => new { p.CustomerId, p.Tier, p.Clv, p.Stage, p.OpenComplaintCount }).ToDictionaryAsync(p => p.CustomerId, cancellationToken);
        var decisions = await db.Set<DiscountRequest>().AsNoTracking()
            .Where(d => ids.Contains(d.CustomerId) && d.Status != DiscountStatus.Pending)
            .GroupBy(d => new { d.CustomerId, d.Status }).Select(g => new { g.Key.CustomerId, g.Key.Status, Count = g.Count() })
            .ToListAsync(cancellationToken);
        var outcomes = await db.OfferOutcomes.AsNoTracking()
            .Where(o => ids.Contains(o.CustomerId) && (o.Outcome == OfferOutcomeKind.Accepted || o.Outcome == OfferOutcomeKind.Declined))
            .GroupBy(o => new { o.CustomerId, o.Outcome }).Select(g => new { g.Key.CustomerId, g.Key.Outcome, Count = g.Count() })
            .ToListAsync(cancellationToken);
        return TypedResults.Ok(pending.Select(d =>
        {
            var customer = customers.GetValueOrDefault(d.CustomerId);
            var profile = profiles.GetValueOrDefault(d.CustomerId);
            int Decided(DiscountStatus status) =>
                decisions.Where(x => x.CustomerId == d.CustomerId && x.Status == status).Sum(x => x.Count);
            int Outcome(OfferOutcomeKind kind) =>
                outcomes.Where(x => x.CustomerId == d.CustomerId && x.Outcome == kind).Sum(x => x.Count);
            var tenure = customer is null ? 0 : Math.Max(0, (int)((d.RequestedAt - customer.ActivatedAt).TotalDays / 30.44));
            return new ApprovalCardView(d, customer?.Name, profile?.Tier, profile?.Clv, profile?.Stage, tenure,
                profile?.OpenComplaintCount ?? 0, Decided(DiscountStatus.Approved) + Decided(DiscountStatus.Applied), Decided(DiscountStatus.Rejected),
                Outcome(OfferOutcomeKind.Accepted), Outcome(OfferOutcomeKind.Declined));
        }).ToList());
    }

    public static async Task<Results<Ok<CallbackLoadView>, ProblemHttpResult>> CallbacksAsync(
        int? utcOffsetMinutes, ContactCenterDbContext db, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        var minutes = utcOffsetMinutes ?? 480;
        if (minutes is < -14 * 60 or > 14 * 60)
        {
            return Problem($"utcOffsetMinutes must be between -840 and 840 (got {minutes}).");
        }

        var offset = TimeSpan.FromMinutes(minutes);
        var now = timeProvider.GetUtcNow().ToOffset(offset);
        var startOfToday = new DateTimeOffset(now.Date, offset);
        var startOfTomorrow = startOfToday.AddDays(1);
        var endOfTomorrow = startOfToday.AddDays(2);
        var pending = await db.Set<CallbackRequest>().AsNoTracking().Where(c => c.Status == CallbackStatus.Pending)
            .Select(c => new { c.DueAt }).ToListAsync(cancellationToken);
        var byHour = new int[24];
        foreach (var due in pending.Select(p => p.DueAt).Where(d => d >= startOfTomorrow && d < endOfTomorrow))
        {
            byHour[(int)(due - startOfTomorrow).TotalHours]++;
        }

        var next = await CallbackBook.ListAsync(db, CallbackStatus.Pending, 10, cancellationToken);
        var utcNow = now.ToUniversalTime();
        return TypedResults.Ok(new CallbackLoadView(
            pending.Count,
            pending.Count(p => p.DueAt < utcNow),
            pending.Count(p => p.DueAt >= utcNow && p.DueAt < startOfTomorrow),
            pending.Count(p => p.DueAt >= startOfTomorrow && p.DueAt < endOfTomorrow),
            pending.Count(p => p.DueAt >= endOfTomorrow),
            byHour,
            next));
    }

    private static ProblemHttpResult Problem(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status400BadRequest);
}
