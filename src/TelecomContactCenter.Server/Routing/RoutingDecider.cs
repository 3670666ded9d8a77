using Microsoft.Extensions.Options;
using TelecomContactCenter.Core.Customers;
using TelecomContactCenter.Core.Routing;
using TelecomContactCenter.Server.Bss;
using TelecomContactCenter.Server.Customers;
using TelecomContactCenter.Server.Profiles;
using TelecomContactCenter.Sip.Identity;

namespace TelecomContactCenter.Server.Routing;

/// <summary>
/// Decides target queue and priority for a caller (domain.md §3.2): an open complaint goes to its owner
/// (首问负责制), Platinum/Gold skip the menus to the VIP desk, Decline goes to retention, the rest to general.
/// Priority is Core's ACD tier weight plus bonuses; the reason says which rule fired. Scoped, stateless.
/// </summary>
internal sealed class RoutingDecider(
    ICustomerSource customers, E164Normalizer numbers, IOptions<RoutingOptions> routing)
{
    private readonly PriorityPolicy _priority = new(routing.Value);

    public async Task<CallRoutingDecision> DecideAsync(string? caller, CancellationToken cancellationToken)
    {
        var raw = caller ?? "";
        var parsed = numbers.Parse(raw);
        if (!parsed.Success)
        {
            return new CallRoutingDecision(raw, null, null, nameof(ValueTier.Standard), nameof(LifecycleStage.Acquisition),
                TargetQueues.General, null, TierWeight(ValueTier.Standard),
                $"Caller not identified ({parsed.Error}); prospect flow in the general queue", ProfileAvailable: false);
        }

        var e164 = parsed.E164;
        var lookup = await customers.FindByPhoneAsync(e164, cancellationToken);
        return lookup.Outcome switch
        {
            LookupOutcome.Found => Decide(raw, e164, lookup.Customer!.Routing),
            LookupOutcome.NotFound => new CallRoutingDecision(raw, e164, null, nameof(ValueTier.Standard),
                nameof(LifecycleStage.Acquisition), TargetQueues.General, null, TierWeight(ValueTier.Standard),
                "Unknown number: prospect (Acquisition) in the general queue", ProfileAvailable: true),
            _ => new CallRoutingDecision(raw, e164, null, nameof(ValueTier.Standard), "Unknown", TargetQueues.General, null,
                TierWeight(ValueTier.Standard), "Profile unavailable: general queue at standard priority", ProfileAvailable: false),
        };
    }

    public CallRoutingDecision Decide(string caller, string e164, RoutingProfile customer)
    {
        var tier = Enum.TryParse<ValueTier>(customer.Tier, out var t) ? t : ValueTier.Standard;
        var priority = TierWeight(tier);
        var tierReason = $"{customer.TierReason}; +{priority} priority";
        var complaint = customer.OpenComplaints.OrderByDescending(c => c.SlaElapsedPercent).FirstOrDefault();
        if (complaint is not null)
        {
            priority += 20;
            return Make(TargetQueues.ComplaintOwner, complaint.Owner,
                $"Open complaint #{complaint.Id} ({complaint.State}) owned by {complaint.Owner}: route to owner; {tierReason}; +20 open complaint");
        }

        if (tier >= ValueTier.Gold)
        {
            return Make(TargetQueues.VipDesk, null, $"{tierReason}; skips menus to the VIP desk");
        }

        if (customer.LifecycleStage == nameof(LifecycleStage.Decline))
        {
            priority += 10;
            return Make(TargetQueues.Retention, null, $"Decline ({customer.StageReason}): retention desk; {tierReason}; +10 retention");
        }

        return Make(TargetQueues.General, null, tierReason);

        CallRoutingDecision Make(string queue, string? agent, string reason) => new(
            caller, e164, customer.CustomerId, customer.Tier, customer.LifecycleStage, queue, agent, priority, reason, ProfileAvailable: true);
    }

    /// <summary>The ACD's tier weight, so the decision's priority is the one the queue will use.</summary>
    private int TierWeight(ValueTier tier) => _priority.Weight(tier);
}
