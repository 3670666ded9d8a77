using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Caching.Memory;
using TelecomContactCenter.Server.Contact;

namespace TelecomContactCenter.Server.Hubs;

/// <summary>
/// Remembers each hub call's result by (user, request id) for <see cref="Remember"/>, so a client that retries after
/// a dropped connection gets the same result (or the same refusal) without the action running twice. The memory is
/// bounded: at most <see cref="Capacity"/> results, each for two minutes, which outlasts SignalR's automatic
/// reconnect (retries at 0, 2, 10 and 30 s). Past the capacity a call still runs, it is just not remembered.
/// (Fifteen minutes without a bound kept ~720,000 results at 200 calls/s with four hub calls each.) Thread-safe:
/// entries are created and settled under one lock; a running entry holds a lazily started task that every duplicate
/// awaits, a finished one its result or refusal.
/// </summary>
internal sealed class IdempotentRequests : IDisposable
{
    public const int Capacity = 200_000;
    public static readonly TimeSpan Remember = TimeSpan.FromMinutes(2);
    private readonly MemoryCache _cache = new(new MemoryCacheOptions { SizeLimit = Capacity });
    private readonly Lock _gate = new();

    public void Dispose() => _cache.Dispose();

    public async Task<T> RunAsync<T>(string user, string requestId, Func<Task<T>> action)
    {
        if (string.IsNullOrWhiteSpace(requestId) || requestId.Length > 100)
        {
            throw new HubException("Every call needs a requestId: an idempotency id of up to 100 characters, new for each action.");
        }

        var key = (nameof(IdempotentRequests), user, requestId);
        object? entry;
        lock (_gate)
        {
            if (!_cache.TryGetValue(key, out entry) || entry is null)
            {
                entry = new Lazy<Task<object?>>(() => Translate(action));
                _cache.Set(key, entry, Expiry);
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

    // Once the action has finished, its entry keeps the result alone: the running task held the hub call's state
    // (the action's closure and everything it refers to), which at 200 calls/s was tens of thousands of objects
    // kept for two minutes and copied through every garbage collection generation on the way.
    private void Settle(object key, Lazy<Task<object?>> run, Outcome outcome)
    {
        lock (_gate)
        {
            if (_cache.TryGetValue(key, out var entry) && ReferenceEquals(entry, run))
            {
                _cache.Set(key, outcome, Expiry);
            }
        }
    }

    private static MemoryCacheEntryOptions Expiry => new() { AbsoluteExpirationRelativeToNow = Remember, Size = 1 };

    private sealed record Outcome(object? Value, string? Refusal);

    private static async Task<object?> Translate<T>(Func<Task<T>> action)
    {
        try
        {
            return await action();
        }
        catch (DeskRefusedException ex)
        {
            throw new HubException(ex.Message);
        }
    }
}
