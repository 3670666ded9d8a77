using TelecomContactCenter.Core.Customers;
using TelecomContactCenter.Core.Ivr;
using TelecomContactCenter.Server.Bss;
using TelecomContactCenter.Sip.Identity;

namespace TelecomContactCenter.Server.Ivr;

/// <summary>What the IVR knows about the caller before the greeting, and how it came to know it.</summary>
internal sealed record IvrCallerProfile(CallContext Context, long? CustomerId, string Note);

/// <summary>
/// Builds the flow's <see cref="CallContext"/> from the caller identity and the customer 360 the call's owner looked
/// up (the same lookup the agent's pop uses). When the profile source fails the caller is treated as a Standard
/// customer and the note says so, for the recorded path. Stateless.
/// </summary>
internal sealed class IvrCallerProfiles(TimeProvider time)
{
    /// <param name="customer">The call's customer lookup; null when the caller cannot be looked up.</param>
    public async Task<IvrCallerProfile> LookUpAsync(CallerIdentity identity, Task<CustomerLookupResult>? customer, CancellationToken cancellationToken)
    {
        var arrivedAt = time.GetUtcNow();
        var confidence = Enum.TryParse<CallerIdentityConfidence>(identity.Confidence.ToString(), out var c) ? c : CallerIdentityConfidence.Unknown;
        var anonymous = new CallContext { ArrivedAt = arrivedAt, IdentityConfidence = confidence };
        if (identity.E164 is null || identity.IsWithheld || customer is null)
        {
            return new IvrCallerProfile(anonymous, null, $"caller not identified ({identity.Confidence}): no profile");
        }

        var lookup = await customer.WaitAsync(cancellationToken);
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
