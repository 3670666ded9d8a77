using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Caching.Memory;
using TelecomContactCenter.Server.Contact;

namespace TelecomContactCenter.Server.Hubs;

/// <summary>
/// Remembers each hub call's result by (user, request id) for a while, so a client that retries after a dropped
/// connection gets the same result (or the same refusal) without the action running twice. Thread-safe: entries
/// are created under one lock and hold a lazily started task that every duplicate awaits.
/// </summary>
internal sealed class IdempotentRequests(IMemoryCache cache)
{
    private static readonly TimeSpan Remember = TimeSpan.FromMinutes(15);
    private readonly Lock _gate = new();

    public async Task<T> RunAsync<T>(string user, string requestId, Func<Task<T>> action)
    {
        if (string.IsNullOrWhiteSpace(requestId) || requestId.Length > 100)
        {
            throw new HubException("Every call needs a requestId: an idempotency id of up to 100 characters, new for each action.");
        }

        Lazy<Task<object?>> run;
        lock (_gate)
        {
            var key = (nameof(IdempotentRequests), user, requestId);
            if (!cache.TryGetValue(key, out Lazy<Task<object?>>? existing) || existing is null)
            {
                existing = new Lazy<Task<object?>>(() => Translate(action));
                cache.Set(key, existing, new MemoryCacheEntryOptions { SlidingExpiration = Remember, Size = 1 });
            }

            run = existing;
        }

        return (T)(await run.Value)!;
    }

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
