using Microsoft.Extensions.Options;

namespace TelecomContactCenter.Server.Callbacks;

/// <summary>
/// Section <c>Telephony:DialPolicy</c>: what the service itself may dial through the trunk (toll-fraud guard). A
/// number must start with one of <see cref="AllowedPrefixes"/> (E.164, e.g. <c>+86</c>; none listed = nothing is
/// dialled); per agent and per allowed prefix, calls placed in the last hour and calls up at once are capped.
/// </summary>
internal sealed class DialPolicyOptions
{
    public const string Section = "Telephony:DialPolicy";

    public IList<string> AllowedPrefixes { get; } = [];

    public int MaxPerAgentPerHour { get; set; } = 30;

    public int MaxConcurrentPerAgent { get; set; } = 2;

    public int MaxPerPrefixPerHour { get; set; } = 500;

    public int MaxConcurrentPerPrefix { get; set; } = 50;

    public IEnumerable<string> Validate()
    {
        for (var i = 0; i < AllowedPrefixes.Count; i++)
        {
            var prefix = AllowedPrefixes[i];
            if (prefix is not ['+', _, ..] || !prefix.Skip(1).All(char.IsAsciiDigit) || prefix.Length > 16)
            {
                yield return $"{Section}:AllowedPrefixes:{i} '{prefix}' must be '+' and 1-15 digits (an E.164 prefix).";
            }
        }

        foreach (var (name, value) in new[]
                 {
                     (nameof(MaxPerAgentPerHour), MaxPerAgentPerHour), (nameof(MaxConcurrentPerAgent), MaxConcurrentPerAgent),
                     (nameof(MaxPerPrefixPerHour), MaxPerPrefixPerHour), (nameof(MaxConcurrentPerPrefix), MaxConcurrentPerPrefix),
                 })
        {
            if (value < 1)
            {
                yield return $"{Section}:{name} must be at least 1.";
            }
        }
    }
}

/// <summary>
/// Decides whether an outbound leg the service places may be dialled, and holds its place in the concurrency caps
/// until the returned lease is disposed. Rates are counted over a sliding hour on the host's clock. Thread-safe:
/// one lock around small per-agent and per-prefix tables.
/// </summary>
internal sealed class DialGuard(TimeProvider time, IOptions<DialPolicyOptions> options)
{
    private static readonly TimeSpan Window = TimeSpan.FromHours(1);
    private readonly DialPolicyOptions _policy = options.Value;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Usage> _agents = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Usage> _prefixes = new(StringComparer.Ordinal);

    /// <summary>A lease for the dial, or null with <paramref name="refusal"/> saying which rule refused it.</summary>
    public IDisposable? TryAcquire(string agent, string number, out string? refusal)
    {
        var prefix = _policy.AllowedPrefixes.Where(p => number.StartsWith(p, StringComparison.Ordinal)).MaxBy(p => p.Length);
        if (prefix is null)
        {
            refusal = $"{number} is not in the dial allow-list ({DialPolicyOptions.Section}:AllowedPrefixes)";
            return null;
        }

        var now = time.GetUtcNow();
        lock (_gate)
        {
            var byAgent = Get(_agents, agent, now);
            var byPrefix = Get(_prefixes, prefix, now);
            refusal = byAgent.Active >= _policy.MaxConcurrentPerAgent ? $"agent {agent} already has {byAgent.Active} calls being placed"
                : byAgent.Placed.Count >= _policy.MaxPerAgentPerHour ? $"agent {agent} placed {byAgent.Placed.Count} calls in the last hour"
                : byPrefix.Active >= _policy.MaxConcurrentPerPrefix ? $"{byPrefix.Active} calls to {prefix} are already up"
                : byPrefix.Placed.Count >= _policy.MaxPerPrefixPerHour ? $"{byPrefix.Placed.Count} calls to {prefix} were placed in the last hour"
                : null;
            if (refusal is not null)
            {
                return null;
            }

            byAgent.Take(now);
            byPrefix.Take(now);
            return new Lease(this, byAgent, byPrefix);
        }
    }

    private static Usage Get(Dictionary<string, Usage> table, string key, DateTimeOffset now)
    {
        if (!table.TryGetValue(key, out var usage))
        {
            table[key] = usage = new Usage();
        }

        while (usage.Placed.TryPeek(out var oldest) && now - oldest >= Window)
        {
            usage.Placed.Dequeue();
        }

        return usage;
    }

    private void Release(Usage agent, Usage prefix)
    {
        lock (_gate)
        {
            agent.Active--;
            prefix.Active--;
        }
    }

    private sealed class Usage
    {
        public Queue<DateTimeOffset> Placed { get; } = new();

        public int Active { get; set; }

        public void Take(DateTimeOffset now)
        {
            Placed.Enqueue(now);
            Active++;
        }
    }

    private sealed class Lease(DialGuard guard, Usage agent, Usage prefix) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                guard.Release(agent, prefix);
            }
        }
    }
}
