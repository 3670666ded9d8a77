using Microsoft.AspNetCore.SignalR;
using TelecomContactCenter.Server.AgentDesk;

namespace TelecomContactCenter.Server.Hubs;

/// <summary>
/// Remembers each hub call's result by (user, request id) for <see cref="Remember"/>, so a client that retries after
/// a dropped connection gets the same result (or the same refusal) without the action running twice. The memory is
/// bounded: at most <see cref="Capacity"/> results, each for two minutes from its first call, which outlasts
/// SignalR's automatic reconnect (retries at 0, 2, 10 and 30 s). Past the capacity a call still runs, it is just not
/// remembered. (Fifteen minutes without a bound kept ~720,000 results at 200 calls/s with four hub calls each.)
/// </summary>
/// <remarks>
/// Every entry lives exactly <see cref="Remember"/>, so entries expire in the order they were made: a queue in that
/// order is the whole expiry index, trimmed from its head on each call, on the <see cref="TimeProvider"/>. (A
/// MemoryCache entry cost two cache entries, a boxed key and its expiry options per hub call, and its clock could
/// not be driven by a test.) Thread-safe: one lock guards the map and the queue; a running entry holds a lazily
/// started task that every duplicate awaits, a finished one its result or refusal alone (the task's state held the
/// hub call's closure and everything it referred to).
/// </remarks>
internal sealed class IdempotentRequests(TimeProvider time)
{
    public const int Capacity = 200_000;
    public static readonly TimeSpan Remember = TimeSpan.FromMinutes(2);
    private readonly Dictionary<(string User, string RequestId), object> _entries = [];
    private readonly Queue<((string User, string RequestId) Key, DateTimeOffset ForgetAt)> _byAge = new();
    private readonly Lock _gate = new();

    /// <summary>How many results are remembered now (after forgetting those past <see cref="Remember"/>).</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                Forget(time.GetUtcNow());
                return _entries.Count;
            }
        }
    }

    public async Task<T> RunAsync<T>(string user, string requestId, Func<Task<T>> action)
    {
        if (string.IsNullOrWhiteSpace(requestId) || requestId.Length > 100)
        {
            throw new HubException(Web.Refusal.HubMessage("request.missingId", "Every call needs a requestId: an idempotency id of up to 100 characters, new for each action."));
        }

        var key = (user, requestId);
        object? entry;
        lock (_gate)
        {
            var now = time.GetUtcNow();
            Forget(now);
            if (!_entries.TryGetValue(key, out entry))
            {
                entry = new Lazy<Task<object?>>(() => Translate(action));
                if (_entries.Count < Capacity)
                {
                    _entries.Add(key, entry);
                    _byAge.Enqueue((key, now + Remember));
                }
            }
        }

        if (entry is Outcome done)
        {
            return done.Refusal is null ? (T)done.Value! : throw new HubException(done.Refusal);
        }

        var run = (Lazy<Task<object?>>)entry;
        try
        {
            var result = await run.Value;
            Settle(key, run, new Outcome(result, null));
            return (T)result!;
        }
        catch (HubException refused)
        {
            Settle(key, run, new Outcome(null, refused.Message));
            throw;
        }
    }

    /// <summary>Drops the entries made <see cref="Remember"/> or longer ago; the caller holds the lock.</summary>
    private void Forget(DateTimeOffset now)
    {
        while (_byAge.TryPeek(out var oldest) && oldest.ForgetAt <= now)
        {
            _byAge.Dequeue();
            _entries.Remove(oldest.Key);
        }
    }

    private void Settle((string, string) key, Lazy<Task<object?>> run, Outcome outcome)
    {
        lock (_gate)
        {
            if (_entries.TryGetValue(key, out var entry) && ReferenceEquals(entry, run))
            {
                _entries[key] = outcome;
            }
        }
    }

    private sealed record Outcome(object? Value, string? Refusal);

    private static async Task<object?> Translate<T>(Func<Task<T>> action)
    {
        try
        {
            return await action();
        }
        catch (DeskRefusedException ex)
        {
            throw new HubException(Web.Refusal.HubMessage(ex.Code, ex.Message));
        }
    }
}
