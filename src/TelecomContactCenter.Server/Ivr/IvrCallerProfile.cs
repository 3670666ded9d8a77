using TelecomContactCenter.Core.Customers;
using TelecomContactCenter.Core.Ivr;
using TelecomContactCenter.Server.Bss;
using TelecomContactCenter.Sip.Identity;

namespace TelecomContactCenter.Server.Ivr;

/// <summary>What the IVR knows about the caller before the greeting, and how it came to know it.</summary>
internal sealed record IvrCallerProfile(CallContext Context, long? CustomerId, string Note);

/// <summary>
/// Builds the flow's <see cref="CallContext"/> from the caller identity and the customer 360. When the profile
/// source fails the caller is treated as a Standard customer and the note says so, for the recorded path.
/// Singleton; takes a scope per lookup because the customer source is scoped.
/// </summary>
internal sealed class IvrCallerProfiles(IServiceScopeFactory scopes, TimeProvider time)
{
    public async Task<IvrCallerProfile> LookUpAsync(CallerIdentity identity, CancellationToken cancellationToken)
    {
        var arrivedAt = time.GetUtcNow();
        var confidence = Enum.TryParse<CallerIdentityConfidence>(identity.Confidence.ToString(), out var c) ? c : CallerIdentityConfidence.Unknown;
        var anonymous = new CallContext { ArrivedAt = arrivedAt, IdentityConfidence = confidence };
        if (identity.E164 is null || identity.IsWithheld)
        {
            return new IvrCallerProfile(anonymous, null, $"caller not identified ({identity.Confidence}): no profile");
        }

        await using var scope = scopes.CreateAsyncScope();
        var source = scope.ServiceProvider.GetRequiredService<ICustomerSource>();
        var lookup = await source.FindByPhoneAsync(identity.E164, cancellationToken);
        switch (lookup.Outcome)
        {
            case LookupOutcome.Found:
                var view = lookup.Customer!.View;
                var complaint = view.OpenComplaints.OrderByDescending(o => o.SlaElapsedPercent).FirstOrDefault();
                var context = anonymous with
                {
                    Tier = Enum.TryParse<ValueTier>(view.Tier, out var tier) ? tier : ValueTier.Standard,
                    Stage = Enum.TryParse<LifecycleStage>(view.LifecycleStage, out var stage) ? stage : null,
                    HasOpenComplaint = complaint is not null,
                    ComplaintOwner = complaint?.Owner,
                    // The ACD knows agents by user name; a manager without a sign-in cannot be offered the call.
                    AccountManager = view.AccountManager?.UserName,
                };
                return new IvrCallerProfile(context, view.CustomerId,
                    $"customer {view.CustomerId}: {view.Tier} ({view.TierReason}), {view.LifecycleStage}" +
                    (complaint is null ? "" : $", open complaint owned by {complaint.Owner}") + $", identity {identity.Confidence}");
            case LookupOutcome.NotFound:
                return new IvrCallerProfile(anonymous, null, $"no customer with this number, identity {identity.Confidence}");
            default:
                return new IvrCallerProfile(anonymous with { Tier = ValueTier.Standard }, null,
                    $"profile unavailable ({lookup.Detail}): treated as Standard");
        }
    }
}
