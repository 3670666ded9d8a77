using Microsoft.Extensions.Options;
using TelecomContactCenter.Core.Customers;
using TelecomContactCenter.Server.Agents;
using TelecomContactCenter.Server.Bss;
using TelecomContactCenter.Server.Customers;
using TelecomContactCenter.Server.Data;
using TelecomContactCenter.Server.Offers;
using TelecomContactCenter.Server.Profiles;

namespace TelecomContactCenter.Server.Contact;

/// <summary>The pop and the routing tier for one call, looked up once at enqueue so the offer itself costs nothing.</summary>
internal sealed record PreparedCall(ScreenPop Pop, ValueTier? Tier, long? CustomerId, IReadOnlyList<OfferView> Offers);

/// <summary>
/// Builds the screen pop from the customer source within the profile budget; a slow or failing source yields a pop
/// that says so and the default tier, never a call that cannot route. Scoped.
/// </summary>
internal sealed class ScreenPopBuilder(
    ICustomerSource customers, ContactCenterDbContext db, SnapshotReader snapshots, NextBestOffers offers, IOptions<AgentOptions> options,
    TimeProvider timeProvider, ILogger<ScreenPopBuilder> logger)
{
    private static readonly TimeSpan RepeatWindow = TimeSpan.FromDays(7);

    public async Task<PreparedCall> PrepareAsync(CallHandoff call, CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        var phone = call.CustomerPhone ?? call.Caller.E164;
        if (call.Caller.IsWithheld || string.IsNullOrEmpty(phone))
        {
            var notice = call.Caller.IsWithheld ? "Caller withheld their number" : "Unknown caller: the number could not be read";
            return new PreparedCall(Pop(call, now, profileAvailable: true, notice, null, []), call.Tier, null, []);
        }

        CustomerLookupResult lookup;
        try
        {
            using var budget = new CancellationTokenSource(options.Value.ProfileTimeout, timeProvider);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(budget.Token, cancellationToken);
            lookup = call.CustomerLookup is { } made ? await made.WaitAsync(linked.Token) : await customers.FindByPhoneAsync(phone, linked.Token);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning(ex, "Profile lookup failed for call {CallId}; routing with the default tier", call.CallId);
            lookup = CustomerLookupResult.Unavailable(ex.Message);
        }

        switch (lookup.Outcome)
        {
            case LookupOutcome.Found:
                var view = lookup.Customer!.View;
                var customer = await CustomerAsync(view, now, cancellationToken);
                var tier = call.Tier ?? (Enum.TryParse<ValueTier>(view.Tier, out var t) ? t : ValueTier.Standard);
                return new PreparedCall(Pop(call, now, true, null, customer, view.NextBestOffers), tier, view.CustomerId, view.NextBestOffers);
            case LookupOutcome.NotFound:
                // An unknown number is a prospect: the pop carries the acquisition offers meant for prospects.
                var prospect = offers.ForProspect();
                return new PreparedCall(Pop(call, now, true, "Unknown caller: no customer with this number", null, prospect), call.Tier, null, prospect);
            default:
                return new PreparedCall(Pop(call, now, false, "Profile unavailable", null, []), call.Tier ?? ValueTier.Standard, null, []);
        }
    }

    private async Task<PopCustomer> CustomerAsync(CustomerView view, DateTimeOffset now, CancellationToken cancellationToken)
    {
        // One prepared read on SQLite (no EF open per call), a compiled query on PostgreSQL.
        var recent = await snapshots.RecentAsync(db, view.CustomerId, cancellationToken);
        var complaints = view.OpenComplaints.Select(c => new PopComplaint(
            c.Id, c.Category, c.State, c.Owner, c.DueAt, c.DueAt is { } due ? Math.Round((due - now).TotalSeconds) : null, c.SlaBand,
            c.SlaElapsedPercent)).ToList();
        return new PopCustomer(
            view.CustomerId, view.Name, view.Tier, view.TierReason, view.LifecycleStage, view.StageReason, view.StageReasonCodes,
            view.ChurnBand, complaints, recent.Any(i => now - i.StartedAt <= RepeatWindow), view.AccountManager, view.Products,
            view.ArpuTrend, recent)
        {
            TierReasonCodes = view.TierReasonCodes,
            TierBasis = view.TierBasis,
        };
    }

    private static ScreenPop Pop(
        CallHandoff call, DateTimeOffset now, bool profileAvailable, string? notice, PopCustomer? customer, IReadOnlyList<OfferView> offers) =>
        new(call.CallId.Value, new PopCaller(call.Caller.Raw, call.Caller.E164, call.Caller.Confidence), profileAvailable, notice,
            customer, new PopIvr(call.IvrPath, call.IvrDigits), call.Queue, "", offers, now, call.Callback?.PopText);
}
