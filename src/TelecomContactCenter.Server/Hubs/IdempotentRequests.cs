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
/// entries are created under one lock and hold a lazily started task that every duplicate awaits.
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

        Lazy<Task<object?>> run;
        lock (_gate)
        {
            var key = (nameof(IdempotentRequests), user, requestId);
            if (!_cache.TryGetValue(key, out Lazy<Task<object?>>? existing) || existing is null)
            {
                existing = new Lazy<Task<object?>>(() => Translate(action));
                _cache.Set(key, existing, new MemoryCacheEntryOptions { AbsoluteExpirationRelativeToNow = Remember, Size = 1 });
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
