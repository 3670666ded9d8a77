using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using TelecomContactCenter.Core.Complaints;
using TelecomContactCenter.Core.Customers;
using TelecomContactCenter.Server.Auth;
using TelecomContactCenter.Server.Data;
using TelecomContactCenter.Server.Web;
using TelecomContactCenter.Sip.Identity;

namespace TelecomContactCenter.Server.Complaints;

internal static class ComplaintEndpoints
{
    public static WebApplicationBuilder AddComplaints(this WebApplicationBuilder builder)
    {
        builder.Services.AddValidatedOptions<SlaOptions>(SlaOptions.SectionName, o => o.Validate());
        builder.Services.AddSingleton<ComplaintSla>();
        builder.Services.AddScoped<ComplaintSlaReader>();
        builder.Services.AddScoped<ComplaintService>();
        return builder;
    }

    public static RouteGroupBuilder MapComplaints(this RouteGroupBuilder api)
    {
        var complaints = api.MapGroup("/complaints").WithTags("Complaints").RequireAuthorization(Policies.CustomerHandling);
        complaints.MapPost("/", CreateAsync);
        complaints.MapGet("/", ComplaintList.ListAsync);
        complaints.MapGet("/{id:guid}", GetAsync).WithName("GetComplaint");
        complaints.MapGet("/{id:guid}/audit", AuditAsync);
        complaints.MapPost("/{id:guid}/triggers", async (Guid id, FireTriggerRequest request, ComplaintService service,
            ClaimsPrincipal user, CancellationToken cancellationToken) =>
            ToHttp(await service.FireAsync(id, request, user.Identity!.Name!, RouteAccess.SeesEverything(user), cancellationToken)));
        complaints.MapPost("/{id:guid}/resolution", async (Guid id, ResolutionRequest request, ComplaintService service,
            ClaimsPrincipal user, CancellationToken cancellationToken) =>
            ToHttp(await service.RecordResolutionAsync(id, request, user.Identity!.Name!, RouteAccess.SeesEverything(user), cancellationToken)));
        complaints.MapPost("/{id:guid}/reassign", async (Guid id, ReassignRequest request, ComplaintService service,
            ClaimsPrincipal user, CancellationToken cancellationToken) =>
            ToHttp(await service.ReassignAsync(id, request, user.Identity!.Name!, cancellationToken)))
            .RequireAuthorization(Policies.Supervision);
        return api;
    }

    private static async Task<Results<Created<ComplaintView>, Ok<ComplaintView>, ProblemHttpResult>> CreateAsync(
        CreateComplaintRequest request, ComplaintService service, ContactCenterDbContext db, ClaimsPrincipal user,
        E164Normalizer numbers, CancellationToken cancellationToken)
    {
        var (fields, error) = ComplaintFields.Parse(request.Category, request.Severity, request.SlaKind, request.FaultKind);
        if (fields is null)
        {
            return BadRequest(error!);
        }

        var customerId = request.CustomerId;
        if (customerId is null && request.CustomerPhone is not null)
        {
            var parsed = numbers.Parse(request.CustomerPhone);
            if (!parsed.Success)
            {
                return BadRequest(parsed.Error);
            }

            var e164 = parsed.E164;
            customerId = await db.Customers.Where(c => c.Phone == e164).Select(c => (long?)c.Id).FirstOrDefaultAsync(cancellationToken);
            if (customerId is null)
            {
                return TypedResults.Problem($"No customer has the number {e164}.", statusCode: StatusCodes.Status404NotFound);
            }
        }

        if (customerId is null)
        {
            return BadRequest("Give customerId or customerPhone.");
        }

        var result = await service.CreateAsync(
            customerId.Value, fields, request.Summary, user.Identity!.Name!, request.CallId, request.AttachToExisting, cancellationToken);
        if (result.Complaint is not { } view)
        {
            return Problem(result);
        }

        return result.Attached ? TypedResults.Ok(view) : TypedResults.Created($"/api/complaints/{view.Id}", view);
    }

    private static async Task<Results<Ok<ComplaintView>, ProblemHttpResult>> GetAsync(
        Guid id, ContactCenterDbContext db, ComplaintService service, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        var complaint = await ComplaintQueries.WithHistory(db.Complaints.AsNoTracking())
            .FirstOrDefaultAsync(c => c.Id == new ComplaintId(id), cancellationToken);
        return complaint is null
            ? TypedResults.Problem($"Complaint {id} does not exist.", statusCode: StatusCodes.Status404NotFound)
            : TypedResults.Ok(service.View(complaint, timeProvider.GetUtcNow()));
    }

    private static async Task<Results<Ok<List<AuditEntryView>>, ProblemHttpResult>> AuditAsync(
        Guid id, ContactCenterDbContext db, CancellationToken cancellationToken)
    {
        var complaint = await ComplaintQueries.WithHistory(db.Complaints.AsNoTracking())
            .FirstOrDefaultAsync(c => c.Id == new ComplaintId(id), cancellationToken);
        return complaint is null
            ? TypedResults.Problem($"Complaint {id} does not exist.", statusCode: StatusCodes.Status404NotFound)
            : TypedResults.Ok(complaint.Transitions
                .Select(t => new AuditEntryView(t.At, t.Actor, t.Trigger, t.From.ToString(), t.To.ToString(), t.Reason)).ToList());
    }

    private static Results<Ok<ComplaintView>, ProblemHttpResult> ToHttp(ComplaintResult result)
    {
        if (result.Complaint is { } view)
        {
            return TypedResults.Ok(view);
        }

        return Problem(result);
    }

    /// <summary>The refusal as ProblemDetails, with the permitted triggers, the existing complaint or the wrong field when known.</summary>
    private static ProblemHttpResult Problem(ComplaintResult result)
    {
        var extensions = new Dictionary<string, object?>();
        if (result.PermittedTriggers is not null)
        {
            extensions["permittedTriggers"] = result.PermittedTriggers;
        }

        if (result.ExistingComplaintId is { } existing)
        {
            extensions["existingComplaintId"] = existing;
        }

        if (result.Field is not null)
        {
            extensions["field"] = result.Field;
        }

        return Refusal.Problem(result.Problem, result.Status, result.Code, extensions);
    }

    private static ProblemHttpResult BadRequest(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status400BadRequest);
}
