using System.Net;
using Microsoft.Extensions.Options;
using TelecomContactCenter.Sip.Authentication;

namespace TelecomContactCenter.Sip.Protection;

/// <summary>
/// Per-source auto-ban (<c>Sip:Bans</c>): a source that earns <see cref="BanOptions.Threshold"/> strikes within
/// <see cref="BanOptions.Window"/> is banned for <see cref="BanOptions.Duration"/> and its requests are dropped before
/// any parsing work beyond the first line is spent on them. Strikes are wrong digest responses (fed by the digest
/// authenticator through <see cref="IAuthenticationFailureSink"/>), INVITEs from sources that may not call, requests
/// so malformed they are answered 400, and
/// scanner requests (a scanner is banned at once). A credential-less request that is only challenged is never a
/// strike, so an office of phones registering through one NAT address is not banned. Trusted trunks and
/// <see cref="BanOptions.NeverBan"/> sources are never banned. Bans are per source only: a brute force on agent1 from
/// one address bans that address, while agent1's own phone elsewhere keeps working. Bounded: at most
/// <see cref="BanOptions.MaxTrackedSources"/> sources are remembered; when full, expired entries go first, then the
/// oldest. Thread-safe: one lock around the table.
/// </summary>
public sealed class SourceBans : IAuthenticationFailureSink
{
    /// <summary>A strike weight that bans on the spot, whatever the threshold (a scanner's User-Agent).</summary>
    public const int BanAtOnce = int.MaxValue / 2;

    private readonly Lock _gate = new();
    private readonly Dictionary<IPAddress, Entry> _entries = [];
    private readonly TimeProvider _time;
    private readonly BanOptions _options;
    private readonly TrustedTrunkAllowlist _trunks;
    private readonly TrustedTrunkAllowlist _neverBan;
    private readonly SecurityEventLog _events;
    private int _banned;

    public SourceBans(TimeProvider time, IOptions<SipProtectionOptions> options, TrustedTrunkAllowlist trunks, SecurityEventLog events)
    {
        ArgumentNullException.ThrowIfNull(options);
        _time = time;
        _options = options.Value.Bans;
        _trunks = trunks;
        _neverBan = new TrustedTrunkAllowlist(_options.NeverBan);
        _events = events;
    }

    /// <summary>Sources banned right now (cheap: a counter; exact after <see cref="IsBanned"/> expiries).</summary>
    public int BannedCount => Volatile.Read(ref _banned);

    public int TrackedSources
    {
        get
        {
            lock (_gate)
            {
                return _entries.Count;
            }
        }
    }

    public bool IsBanned(IPAddress source)
    {
        if (Volatile.Read(ref _banned) == 0)
        {
            return false;
        }

        var key = SourceAddress.Normalize(source);
        lock (_gate)
        {
            if (!_entries.TryGetValue(key, out var entry) || entry.BannedUntil is not { } until)
            {
                return false;
            }

            if (until > _time.GetUtcNow())
            {
                return true;
            }

            _entries.Remove(key);
            _banned--;
            return false;
        }
    }

    /// <summary>Counts one strike against <paramref name="source"/>; true when it is banned now (or already was).</summary>
    public bool Strike(IPAddress source, string reason, string? user, int weight = 1)
    {
        ArgumentNullException.ThrowIfNull(source);
        var key = SourceAddress.Normalize(source);
        if (!_options.Enabled || _trunks.Contains(key) || _neverBan.Contains(key))
        {
            return false;
        }

        var now = _time.GetUtcNow();
        bool bannedNow;
        lock (_gate)
        {
            if (_entries.TryGetValue(key, out var entry) && entry.BannedUntil > now)
            {
                return true;
            }

            if (entry is null && _entries.Count >= _options.MaxTrackedSources)
            {
                MakeRoom(now);
            }

            var fresh = entry is null || entry.BannedUntil is not null || now - entry.WindowStart > _options.Window;
            var strikes = (fresh ? 0 : entry!.Strikes) + weight;
            bannedNow = strikes >= _options.Threshold;
            if (entry?.BannedUntil is not null)
            {
                _banned--;
            }

            _entries[key] = new Entry(fresh ? now : entry!.WindowStart, strikes, bannedNow ? now + _options.Duration : null);
            if (bannedNow)
            {
                _banned++;
            }
        }

        _events.Write(reason, key, user);

        if (bannedNow)
        {
            _events.Write(SecurityEventReasons.Banned, key, user);
        }

        return bannedNow;
    }

    void IAuthenticationFailureSink.OnDigestFailure(string userName, IPAddress source) =>
        Strike(source, SecurityEventReasons.DigestFailed, userName);

    private void MakeRoom(DateTimeOffset now)
    {
        foreach (var (key, entry) in _entries)
        {
            var banExpired = entry.BannedUntil is { } until && until <= now;
            if (banExpired || (entry.BannedUntil is null && now - entry.WindowStart > _options.Window))
            {
                _entries.Remove(key);
                if (banExpired)
                {
                    _banned--;
                }
            }
        }

        if (_entries.Count >= _options.MaxTrackedSources)
        {
            var oldest = _entries.MinBy(pair => pair.Value.WindowStart);
            _entries.Remove(oldest.Key);
            if (oldest.Value.BannedUntil is not null)
            {
                _banned--;
            }
        }
    }

    private sealed record Entry(DateTimeOffset WindowStart, int Strikes, DateTimeOffset? BannedUntil);
}
