using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using TelecomContactCenter.Core.Complaints;
using TelecomContactCenter.Server.AgentDesk;
using TelecomContactCenter.Server.Data;
using TelecomContactCenter.Server.Web;

namespace TelecomContactCenter.Server.Profiles;

/// <summary>A reason to record; <see cref="CallId"/> names the call it was said on (the agent's current call or the one in wrap-up).</summary>
internal sealed record CaptureReasonRequest(long CustomerId, string? CallId, string Kind, string Code, string? Note);

/// <summary>The REST body of POST /api/customers/{customerId}/reasons.</summary>
internal sealed record CaptureReasonBody(string? CallId, string Kind, string Code, string? Note);

/// <summary>The customer's profile after a change: stage, churn, the captured reasons and the offers now recommended.</summary>
internal sealed record ProfileSummaryView(
    long CustomerId,
    string Tier,
    string LifecycleStage,
    string StageReason,
    IReadOnlyList<string> StageReasonCodes,
    int ChurnScore,
    string ChurnBand,
    ReasonsView Reasons,
    IReadOnlyList<OfferView> Offers)
{
    public static ProfileSummaryView From(CustomerView v) => new(
        v.CustomerId, v.Tier, v.LifecycleStage, v.StageReason, v.StageReasonCodes, v.ChurnScore, v.ChurnBand, v.Reasons, v.NextBestOffers);
}

/// <summary>The summary, or why the capture was refused (400 naming the field, 404).</summary>
internal sealed record ReasonResult(ProfileSummaryView? Summary, int Status, string? Problem, string? Field = null)
{
    /// <summary>The refusal's stable code (<see cref="Web.Refusal"/>), e.g. reason.unknownCode.</summary>
    public string? Code { get; init; }

    public static ReasonResult Fail(int status, string code, string problem, string? field = null) => new(null, status, problem, field) { Code = code };
}

/// <summary>
/// Records a reason the customer gave, audits it, re-evaluates the profile at once (a port-out reason is the Decline
/// intent trigger, an exit reason sets p_winback) and refreshes the offers on any live call with the customer.
/// Scoped, like the DbContext it uses.
/// </summary>
internal sealed class ReasonCapture(
    ContactCenterDbContext db, ProfileEvaluator profiles, AuditLog audit, LiveOffers liveOffers, TimeProvider time)
{
    public async Task<ReasonResult> CaptureAsync(string actor, CaptureReasonRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!Enum.TryParse<ReasonKind>(request.Kind, ignoreCase: true, out var kind) || int.TryParse(request.Kind, out _))
        {
            return ReasonResult.Fail(StatusCodes.Status400BadRequest, "reason.unknownKind",
                $"Unknown kind '{request.Kind}'. Values: {string.Join(", ", Enum.GetNames<ReasonKind>())}.", "kind");
        }

        if (!CustomerReasons.TryFind(kind, request.Code, out var reason))
        {
            return ReasonResult.Fail(StatusCodes.Status400BadRequest, "reason.unknownCode",
                $"Unknown {kind} code '{request.Code}'. Codes: {string.Join(", ", CustomerReasons.ByKind[kind])}.", "code");
        }

        if (request.Note?.Length > 500)
        {
            return ReasonResult.Fail(StatusCodes.Status400BadRequest, "reason.noteTooLong", "note is at most 500 characters.", "note");
        }

        if (request.CallId?.Length > 128)
        {
            return ReasonResult.Fail(StatusCodes.Status400BadRequest, "reason.callIdTooLong", "callId is at most 128 characters.", "callId");
        }

        if (!await db.Customers.AnyAsync(c => c.Id == request.CustomerId, cancellationToken))
        {
            return ReasonResult.Fail(StatusCodes.Status404NotFound, "customer.notFound", $"Customer {request.CustomerId} does not exist.");
        }

        db.Add(new CustomerReason
        {
            CustomerId = request.CustomerId,
            CallId = string.IsNullOrWhiteSpace(request.CallId) ? null : request.CallId.Trim(),
            Kind = kind,
            Code = reason.Code,
            Note = string.IsNullOrWhiteSpace(request.Note) ? null : request.Note.Trim(),
            CapturedBy = actor,
            CapturedAt = time.GetUtcNow(),
        });
        await db.SaveChangesAsync(cancellationToken);
        await audit.RecordAsync(actor, "reason.capture",
            $"customer {request.CustomerId.ToString(CultureInfo.InvariantCulture)}",
            $"{kind} {reason.Code}{(request.CallId is null ? "" : $" on call {request.CallId}")}", cancellationToken);
        await profiles.EvaluateCustomerAsync(request.CustomerId, cancellationToken);
        var view = await liveOffers.RefreshAsync(request.CustomerId, cancellationToken);
        return new ReasonResult(ProfileSummaryView.From(view!), StatusCodes.Status200OK, null);
    }
}

/// <summary>
/// After a customer's profile changed mid-call (a reason captured, a complaint opened or closed), reads the fresh
/// snapshot and hands its offers to the desk, which replaces them on every live call with that customer and pushes
/// OffersUpdated to the agent. Scoped.
/// </summary>
internal sealed class LiveOffers(ContactCenterDbContext db, IAgentDesk desk)
{
    public async Task<CustomerView?> RefreshAsync(long customerId, CancellationToken cancellationToken)
    {
        var json = await db.CustomerProfiles.AsNoTracking().Where(p => p.CustomerId == customerId)
            .Select(p => p.View).FirstOrDefaultAsync(cancellationToken);
        if (json is null)
        {
            return null;
        }

        var view = JsonSerializer.Deserialize(json, ProfileJsonContext.Default.CustomerView)!;
        await desk.RefreshOffersAsync(customerId, view.NextBestOffers, cancellationToken);
        return view;
    }
}
