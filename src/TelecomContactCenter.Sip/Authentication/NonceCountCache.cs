using Microsoft.Extensions.Options;

namespace TelecomContactCenter.Sip.Authentication;

/// <summary>
/// Replay protection for qop=auth: remembers the highest nc accepted per nonce and accepts only a higher one.
/// Bounded: expired nonces are dropped first; if it is still full, the oldest live nonce is dropped and every nonce
/// issued up to then is refused from now on (the client gets <c>stale=true</c> and re-authenticates), so forgetting
/// a nonce can never re-open it to replay. Only requests whose digest already verified get here, so an attacker
/// without the password cannot fill it. Thread-safe: one lock around the dictionary.
/// </summary>
public sealed class NonceCountCache
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;
    private readonly TimeSpan _lifetime;
    private readonly int _capacity;
    private DateTimeOffset _forgottenUpTo = DateTimeOffset.MinValue;

    public NonceCountCache(TimeProvider time, IOptions<DigestOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _time = time;
        _lifetime = options.Value.NonceLifetime;
        _capacity = options.Value.MaxTrackedNonces;
    }

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _entries.Count;
            }
        }
    }

    /// <summary>True when <paramref name="nonceCount"/> is higher than any seen before for this nonce.</summary>
    public bool TryAdvance(string nonce, DateTimeOffset issuedAt, uint nonceCount)
    {
        lock (_gate)
        {
            if (_entries.TryGetValue(nonce, out var entry))
            {
                if (nonceCount <= entry.LastCount)
                {
                    return false;
                }

                _entries[nonce] = entry with { LastCount = nonceCount };
                return true;
            }

            if (issuedAt <= _forgottenUpTo)
            {
                return false;
            }

            if (_entries.Count >= _capacity)
            {
                MakeRoom();
            }

            _entries[nonce] = new Entry(issuedAt, nonceCount);
            return true;
        }
    }

    private void MakeRoom()
    {
        var expiredBefore = _time.GetUtcNow() - _lifetime;
        foreach (var (nonce, entry) in _entries)
        {
            if (entry.IssuedAt < expiredBefore)
            {
                _entries.Remove(nonce);
            }
        }

        if (_entries.Count < _capacity)
        {
            return;
        }

        var oldest = _entries.MinBy(pair => pair.Value.IssuedAt);
        _entries.Remove(oldest.Key);
        if (oldest.Value.IssuedAt > _forgottenUpTo)
        {
            _forgottenUpTo = oldest.Value.IssuedAt;
        }
    }

    private readonly record struct Entry(DateTimeOffset IssuedAt, uint LastCount);
}
