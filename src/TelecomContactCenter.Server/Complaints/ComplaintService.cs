using System.Text.Json;
using Microsoft.AspNetCore.SignalR;
using Microsoft.EntityFrameworkCore;
using TelecomContactCenter.Core.Complaints;
using TelecomContactCenter.Core.Customers;
using TelecomContactCenter.Server.Data;
using TelecomContactCenter.Server.Hubs;
using TelecomContactCenter.Server.Profiles;
using TelecomContactCenter.Server.Supervision;

namespace TelecomContactCenter.Server.Complaints;

/// <summary>Outcome of a command on a complaint: the new view, or why it was refused (mapped to 400/404/409).</summary>
internal sealed record ComplaintResult(ComplaintView? Complaint, int Status, string? Problem, IReadOnlyList<string>? PermittedTriggers = null)
{
    /// <summary>On a duplicate create: the customer's open complaint of that category.</summary>
    public Guid? ExistingComplaintId { get; init; }

    /// <summary>The request named a field that is missing or wrong (e.g. <c>reason</c>).</summary>
    public string? Field { get; init; }

    /// <summary>The refusal's stable code (<see cref="Web.Refusal"/>), e.g. complaint.notPermitted.</summary>
    public string? Code { get; init; }

    /// <summary>The create attached the contact to an existing complaint instead of opening one.</summary>
    public bool Attached { get; init; }

    public static ComplaintResult Ok(ComplaintView view) => new(view, StatusCodes.Status200OK, null);

    public static ComplaintResult Fail(int status, string code, string problem, IReadOnlyList<string>? permitted = null) =>
        new(null, status, problem, permitted) { Code = code };
}

/// <summary>
/// Commands on complaints through Core's workflow. Every change is saved with the version check, and opening or
/// closing a complaint re-evaluates the customer's profile at once (open complaints change stage, offers, routing).
/// </summary>
internal sealed partial class ComplaintService(
    ContactCenterDbContext db, ComplaintSla sla, ProfileEvaluator profiles, LiveOffers liveOffers, SlaMonitor monitor, TimeProvider timeProvider,
    IHubContext<SupervisorHub, ISupervisorClient> supervisors, IHubContext<AgentHub, IAgentClient> agents, ILogger<ComplaintService> logger)
{
    /// <summary>
    /// Opens a complaint owned by <paramref name="owner"/> and taken on <paramref name="callId"/>. One ticket per issue
    /// (domain.md §4.2 rule 2): when the customer already has an open complaint of the category, the create is refused
    /// with 409 naming it, unless <paramref name="attachToExisting"/>, which attaches this contact to it instead.
    /// </summary>
    public async Task<ComplaintResult> CreateAsync(
        long customerId, ComplaintFields fields, string? summary, string owner, string? callId, bool attachToExisting,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(fields);
        var view = await db.CustomerProfiles.AsNoTracking().Where(p => p.CustomerId == customerId)
            .Select(p => p.View).FirstOrDefaultAsync(cancellationToken);
        if (view is null)
        {
            return ComplaintResult.Fail(StatusCodes.Status404NotFound, "customer.notFound", $"Customer {customerId} does not exist.");
        }

        var now = timeProvider.GetUtcNow();
        var key = customerId.ToString();
        var existing = await ComplaintQueries.WithHistory(db.Complaints)
            .Where(c => c.CustomerId == key && c.Category == fields.Category && !ComplaintStates.Terminal.Contains(c.State))
            .OrderBy(c => c.CreatedAt).FirstOrDefaultAsync(cancellationToken);
        if (existing is not null)
        {
            return await AttachAsync(existing, owner, callId, attachToExisting, now, cancellationToken);
        }

        var customer = JsonSerializer.Deserialize(view, ProfileJsonContext.Default.CustomerView)!;
        var complaint = new Complaint
        {
            Id = ComplaintId.New(now),
            CustomerId = key,
            Owner = owner,
            Category = fields.Category,
            Severity = fields.Severity,
            TierAtCreation = Enum.Parse<ValueTier>(customer.Tier),
            GroupTierAtCreation = Enum.TryParse<GroupTier>(customer.Group?.Tier, out var groupTier) ? groupTier : null,
            SlaKind = fields.Kind,
            CreatedAt = now,
            Summary = summary,
            CreatedOnCallId = string.IsNullOrWhiteSpace(callId) ? null : callId,
        };
        db.Complaints.Add(complaint);
        await db.SaveChangesAsync(cancellationToken);
        await TellAsync(complaint.Id.Value, complaint.Owner);
        // A VIP's account manager is told now, not at the next SLA scan.
        await monitor.ScanComplaintAsync(complaint.Id, cancellationToken);
        await profiles.EvaluateCustomerAsync(customerId, cancellationToken);
        await liveOffers.RefreshAsync(customerId, cancellationToken);
        return ComplaintResult.Ok(View(complaint, now));
    }

    private async Task<ComplaintResult> AttachAsync(
        Complaint existing, string actor, string? callId, bool attach, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (!attach)
        {
            var problem = $"The customer already has an open {existing.Category.ToCode()} complaint ({existing.Id.Value}, owner "
                + $"{existing.Owner}). Attach this contact to it (attachToExisting: true) rather than opening a second ticket for the same issue.";
            return ComplaintResult.Fail(StatusCodes.Status409Conflict, "complaint.duplicate", problem) with { ExistingComplaintId = existing.Id.Value };
        }

        FirstContactResolution.RecordRepeatContact(existing, actor, string.IsNullOrWhiteSpace(callId) ? null : callId, now);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return ComplaintResult.Fail(StatusCodes.Status409Conflict, "complaint.conflict", "The complaint was changed by someone else while you saved. Retry.");
        }

        return ComplaintResult.Ok(View(existing, now)) with { Attached = true };
    }

    /// <summary>
    /// Fires a workflow trigger. Only the complaint's owner may, unless <paramref name="actsForOthers"/> (supervisors
    /// and admins): the same rule for REST and the agent hub.
    /// </summary>
    public async Task<ComplaintResult> FireAsync(
        Guid id, FireTriggerRequest request, string actor, bool actsForOthers, CancellationToken cancellationToken)
    {
        if (!Enum.TryParse<ComplaintTrigger>(request.Trigger, ignoreCase: true, out var trigger) || int.TryParse(request.Trigger, out _))
        {
            return ComplaintResult.Fail(StatusCodes.Status400BadRequest, "complaint.unknownTrigger",
                $"Unknown trigger '{request.Trigger}'. Triggers: {string.Join(", ", Enum.GetNames<ComplaintTrigger>())}.");
        }

        return await ChangeAsync(id, request.Version, actor, actsForOthers, (complaint, now) =>
        {
            var workflow = sla.Workflow;
            if (!workflow.CanFire(complaint, trigger, now))
            {
                var permitted = workflow.PermittedTriggers(complaint, now).Select(t => t.ToString()).ToList();
                return ComplaintResult.Fail(StatusCodes.Status409Conflict, "complaint.notPermitted",
                    $"{trigger} is not permitted while the complaint is {complaint.State}. Permitted: {(permitted.Count == 0 ? "none" : string.Join(", ", permitted))}.",
                    permitted);
            }

            if (trigger == ComplaintTrigger.Merge)
            {
                if (request.MergeInto is not { } survivor)
                {
                    return ComplaintResult.Fail(StatusCodes.Status400BadRequest, "complaint.mergeNeedsTarget", "Merge needs mergeInto, the surviving complaint's id.");
                }

                workflow.Merge(complaint, new ComplaintId(survivor), actor, request.Reason ?? "", now);
            }
            else
            {
                if (trigger == ComplaintTrigger.ResolveOnCall)
                {
                    FirstContactResolution.RecordResolvingCall(complaint, string.IsNullOrWhiteSpace(request.CallId) ? null : request.CallId);
                }

                workflow.Fire(complaint, trigger, actor, request.Reason, now);
            }

            return null;
        }, cancellationToken);
    }

    public Task<ComplaintResult> ReassignAsync(Guid id, ReassignRequest request, string supervisor, CancellationToken cancellationToken) =>
        ChangeAsync(id, request.Version, supervisor, actsForOthers: true, (complaint, now) =>
        {
            ComplaintWorkflow.Reassign(complaint, request.NewOwner, supervisor, request.Reason, now);
            return null;
        }, cancellationToken);

    public Task<ComplaintResult> RecordResolutionAsync(
        Guid id, ResolutionRequest request, string actor, bool actsForOthers, CancellationToken cancellationToken) =>
        ChangeAsync(id, request.Version, actor, actsForOthers, (complaint, now) =>
        {
            if (!ComplaintCategories.TryParseCode(request.RootCause, out var rootCause))
            {
                return ComplaintResult.Fail(StatusCodes.Status400BadRequest, "complaint.unknownRootCause",
                    $"Unknown root cause '{request.RootCause}'. Codes: {string.Join(", ", ComplaintCategories.AllCodes)}.");
            }

            ComplaintWorkflow.RecordResolution(complaint, request.ResolutionCode, rootCause, actor, now);
            return null;
        }, cancellationToken);

    public ComplaintView View(Complaint complaint, DateTimeOffset now) =>
        ComplaintView.From(complaint, sla.StatusOf(complaint, now), sla.Workflow.PermittedTriggers(complaint, now));

    /// <summary>Loads, checks the client's version, applies <paramref name="change"/> and saves with the token check.</summary>
    private async Task<ComplaintResult> ChangeAsync(
        Guid id, long? expectedVersion, string actor, bool actsForOthers, Func<Complaint, DateTimeOffset, ComplaintResult?> change,
        CancellationToken cancellationToken)
    {
        var complaint = await ComplaintQueries.WithHistory(db.Complaints)
            .FirstOrDefaultAsync(c => c.Id == new ComplaintId(id), cancellationToken);
        if (complaint is null)
        {
            return ComplaintResult.Fail(StatusCodes.Status404NotFound, "complaint.notFound", $"Complaint {id} does not exist.");
        }

        // 首问负责制: the owner works the complaint; anyone else needs a supervisor's reassignment first. Another
        // agent's complaint reads as missing, as on every complaint route (RouteAccess), so ids cannot be probed.
        if (!actsForOthers && complaint.Owner != actor)
        {
            return ComplaintResult.Fail(StatusCodes.Status404NotFound, "complaint.notYours", $"Complaint {id} does not exist or is not yours.");
        }

        if (expectedVersion is { } expected && expected != complaint.Version)
        {
            return ComplaintResult.Fail(StatusCodes.Status409Conflict, "complaint.conflict",
                $"The complaint was changed by someone else (version {complaint.Version}, you sent {expected}). Reload and retry.");
        }

        var now = timeProvider.GetUtcNow();
        var wasOpen = complaint.IsOpen;
        var ownerBefore = complaint.Owner;
        try
        {
            if (change(complaint, now) is { } refused)
            {
                return refused;
            }
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException)
        {
            // Core refuses with these for rule violations: a missing reason, a closed complaint, an illegal step.
            // The workflow names the missing field (a reason for escalate, withdraw, reopen, merge).
            var field = (ex as ArgumentException)?.ParamName;
            var failure = field == "reason"
                ? ComplaintResult.Fail(StatusCodes.Status400BadRequest, "complaint.reasonRequired", ex.Message)
                : ComplaintResult.Fail(StatusCodes.Status400BadRequest, "complaint.invalid", ex.Message);
            return failure with { Field = field };
        }

        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return ComplaintResult.Fail(StatusCodes.Status409Conflict, "complaint.conflict",
                "The complaint was changed by someone else while you saved. Reload and retry.");
        }

        await TellAsync(complaint.Id.Value, ownerBefore, complaint.Owner);

        if (wasOpen != complaint.IsOpen)
        {
            await profiles.EvaluateCustomerAsync(long.Parse(complaint.CustomerId), cancellationToken);
            await liveOffers.RefreshAsync(long.Parse(complaint.CustomerId), cancellationToken);
        }

        return ComplaintResult.Ok(View(complaint, now));
    }

    /// <summary>
    /// Tells the wallboards and the owners' desks that a complaint changed. The change is saved already: a push that
    /// fails (the backplane away) is logged, never turned into a failed request.
    /// </summary>
    private async Task TellAsync(Guid complaintId, params string[] owners)
    {
        try
        {
            await supervisors.Clients.All.ComplaintsChanged(complaintId);
            foreach (var owner in owners.Distinct(StringComparer.Ordinal))
            {
                await agents.Clients.Group(Agents.AgentConnections.Group(owner)).WorkChanged(complaintId);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogPushFailed(logger, complaintId, ex);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Complaint {ComplaintId} was saved but the wallboards and desks could not be told")]
    private static partial void LogPushFailed(ILogger logger, Guid complaintId, Exception exception);
}

internal static class ComplaintQueries
{
    /// <summary>
    /// The audit trail in the order it happened (the SLA clock replays it) and the failed contact attempts. Loaded as
    /// split queries: in one query every transition row would repeat once per contact attempt.
    /// </summary>
    public static IQueryable<Complaint> WithHistory(IQueryable<Complaint> complaints) =>
        complaints
            .Include(c => c.Transitions.OrderBy(t => t.At).ThenBy(t => EF.Property<long>(t, "Id")))
            .Include(c => c.FailedContactAttempts.OrderBy(a => a.At))
            .AsSplitQuery();
}
