using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.EntityFrameworkCore;
using TelecomContactCenter.Server.Data;
using TelecomContactCenter.Server.Interactions;
using TelecomContactCenter.Server.Offers;

namespace TelecomContactCenter.Server.Contact;

/// <summary>
/// Persists each call's interaction row as the call moves on (queued, answered, ended, outcomes, wrap-up), so a
/// restart loses no record. Singleton; one save per call at a time (the call's own lock), a DI scope per save.
/// </summary>
internal sealed class InteractionWriter(IServiceScopeFactory scopes)
{
    public async Task SaveAsync(CallRecord record, Func<CallRecord, CallSnapshot> snapshot, CancellationToken cancellationToken)
    {
        await record.SaveLock.WaitAsync(cancellationToken);
        try
        {
            var call = snapshot(record);
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<ContactCenterDbContext>();
            var row = await db.Interactions.FirstOrDefaultAsync(i => i.CallId == call.CallId, cancellationToken);
            if (row is null)
            {
                row = new Interaction { CallId = call.CallId, Caller = Caller(call), Channel = "Voice", StartedAt = call.QueuedAt };
                db.Interactions.Add(row);
            }

            Fill(row, call);
            await db.SaveChangesAsync(cancellationToken);
        }
        finally
        {
            record.SaveLock.Release();
        }
    }

    /// <summary>Adds the outcome to take-up reporting (offer_outcomes) and saves the record.</summary>
    public async Task SaveOfferOutcomeAsync(
        CallRecord record, Func<CallRecord, CallSnapshot> snapshot, string offerId, string agent, CancellationToken cancellationToken)
    {
        var call = snapshot(record);
        var offer = call.Offers.First(o => o.OfferId == offerId);
        if (call.CustomerId is { } customerId && Enum.TryParse<OfferOutcomeKind>(offer.Outcome, out var kind))
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<ContactCenterDbContext>();
            db.OfferOutcomes.Add(new OfferOutcome
            {
                CustomerId = customerId,
                OfferId = offerId,
                ScriptVersion = offer.ScriptVersion,
                Outcome = kind,
                Agent = agent,
                RecordedAt = scope.ServiceProvider.GetRequiredService<TimeProvider>().GetUtcNow(),
            });
            await db.SaveChangesAsync(cancellationToken);
        }

        await SaveAsync(record, snapshot, cancellationToken);
    }

    private static string Caller(CallSnapshot call) =>
        call.Handoff.Caller.E164 ?? call.Handoff.Caller.Raw ?? (call.Handoff.Caller.IsWithheld ? "withheld" : "unknown");

    private static void Fill(Interaction row, CallSnapshot call)
    {
        row.CustomerId = call.CustomerId;
        row.CallerE164 = call.Handoff.Caller.E164;
        row.IdentityConfidence = call.Handoff.Caller.Confidence;
        // The IVR's own path record (digits, decision reasons) lands on the same row after the call and is richer
        // than the hand-over's list of states: never overwrite it.
        if (row.IvrPath is null && call.Handoff.IvrPath.Count > 0)
        {
            row.IvrPath = JsonSerializer.Serialize(call.Handoff.IvrPath, CallRecordJson.Default.IReadOnlyListString);
        }
        row.IvrDigits = call.Handoff.IvrDigits;
        row.Queue = call.Handoff.Queue;
        row.Tier = call.Tier?.ToString();
        row.QueuedAt = call.QueuedAt;
        row.RingStartedAt = call.RingStartedAt;
        row.AnsweredAt = call.AnsweredAt;
        row.EndedAt = call.EndedAt;
        row.WrapUpCompletedAt = call.WrapUpCompletedAt;
        row.Agent = call.Agent;
        row.Disposition = call.Disposition;
        row.ComplaintId = call.ComplaintId;
        row.Offers = JsonSerializer.Serialize(call.Offers, CallRecordJson.Default.IReadOnlyListOfferRecord);
        row.Routing = JsonSerializer.Serialize(call.Routing, CallRecordJson.Default.IReadOnlyListRoutingStep);
    }
}

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(IReadOnlyList<string>))]
[JsonSerializable(typeof(IReadOnlyList<OfferRecord>))]
[JsonSerializable(typeof(IReadOnlyList<RoutingStep>))]
internal sealed partial class CallRecordJson : JsonSerializerContext;
