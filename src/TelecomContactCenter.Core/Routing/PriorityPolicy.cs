using TelecomContactCenter.Core.Customers;

namespace TelecomContactCenter.Core.Routing;

/// <summary>
/// Effective priority of a waiting call = tier weight + IVR priority bonus + ageing × seconds waited since the call
/// first queued (a re-queue after a missed offer or an overflow keeps that instant). Higher is served first; ties go
/// to the earlier call. Because every call ages at the same rate, the order of two waiting calls never changes while
/// they wait: a call that arrived Δt seconds earlier outranks one whose weight is higher by less than
/// ageing × Δt. So with the defaults (Platinum 100, Standard 0, 1 point/s) a Standard caller who has waited more than
/// 100 s is served before a Platinum caller who has just arrived: nobody waits behind VIPs for ever.
/// Stateless and thread-safe.
/// </summary>
public sealed class PriorityPolicy(RoutingOptions options)
{
    public int Weight(ValueTier? tier) => tier is { } t ? options.TierWeights[t] : options.UnknownCallerWeight;

    public double Score(ValueTier? tier, int bonus, DateTimeOffset firstQueuedAt, DateTimeOffset now) =>
        Weight(tier) + bonus + (options.AgeingPointsPerSecond * Math.Max(0, (now - firstQueuedAt).TotalSeconds));

    /// <summary>How much longer a <paramref name="lower"/> caller must have waited to go before a new <paramref name="higher"/> caller.</summary>
    public TimeSpan Crossover(ValueTier higher, ValueTier lower) =>
        TimeSpan.FromSeconds(Math.Max(0, Weight(higher) - Weight(lower)) / options.AgeingPointsPerSecond);

    /// <summary>"Platinum +100, IVR +20, waited 12 s +12" for decision reasons.</summary>
    public string Explain(ValueTier? tier, int bonus, DateTimeOffset firstQueuedAt, DateTimeOffset now)
    {
        var waited = Math.Max(0, (now - firstQueuedAt).TotalSeconds);
        var parts = new List<string> { $"{tier?.ToString() ?? "unknown caller"} {Weight(tier):+0;-0;+0}" };
        if (bonus != 0)
        {
            parts.Add($"IVR {bonus:+0;-0}");
        }

        parts.Add($"waited {waited:0} s +{options.AgeingPointsPerSecond * waited:0}");
        return string.Join(", ", parts);
    }
}
