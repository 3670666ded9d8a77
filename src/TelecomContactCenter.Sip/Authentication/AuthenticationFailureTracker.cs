using System.Net;
using Microsoft.Extensions.Options;

namespace TelecomContactCenter.Sip.Authentication;

/// <summary>
/// Counts consecutive digest failures per (user name, source address). Keyed on the pair, not the user alone, so a
/// stranger guessing from one address cannot lock an agent's own phone out. A streak ends on success or when its
/// last failure is older than the window. Bounded: when full, streaks outside the window go first, then the
/// oldest. Thread-safe: one lock around the dictionary.
/// </summary>
public sealed class AuthenticationFailureTracker
{
    private readonly Lock _gate = new();
    private readonly Dictionary<FailureKey, Streak> _streaks = [];
    private readonly TimeProvider _time;
    private readonly int _maxFailures;
    private readonly TimeSpan _window;
    private readonly int _capacity;
    private readonly IAuthenticationFailureSink[] _sinks = [];

    /// <summary>Also tells <paramref name="sinks"/> (the per-source ban list) of every failure recorded.</summary>
    public AuthenticationFailureTracker(TimeProvider time, IOptions<DigestOptions> options, IEnumerable<IAuthenticationFailureSink> sinks)
        : this(time, options)
    {
        _sinks = [.. sinks];
    }

    public AuthenticationFailureTracker(TimeProvider time, IOptions<DigestOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _time = time;
        _maxFailures = options.Value.MaxFailures;
        _window = options.Value.FailureWindow;
        _capacity = options.Value.MaxTrackedFailureKeys;
    }

    public bool IsBlocked(string userName, IPAddress source)
    {
        lock (_gate)
        {
            return _streaks.TryGetValue(new FailureKey(userName, source), out var streak)
                && streak.Count >= _maxFailures
                && !IsOver(streak);
        }
    }

    /// <summary>Records a failure; true when this failure reaches the limit and the pair is now blocked.</summary>
    public bool RecordFailure(string userName, IPAddress source)
    {
        foreach (var sink in _sinks)
        {
            sink.OnDigestFailure(userName, source);
        }

        var key = new FailureKey(userName, source);
        var now = _time.GetUtcNow();
        lock (_gate)
        {
            var count = _streaks.TryGetValue(key, out var streak) && !IsOver(streak) ? streak.Count + 1 : 1;
            if (count == 1 && _streaks.Count >= _capacity && !_streaks.ContainsKey(key))
            {
                MakeRoom();
            }

            _streaks[key] = new Streak(count, now);
            return count >= _maxFailures;
        }
    }

    public void RecordSuccess(string userName, IPAddress source)
    {
        lock (_gate)
        {
            _streaks.Remove(new FailureKey(userName, source));
        }
    }

    private bool IsOver(Streak streak) => _time.GetUtcNow() - streak.LastFailure > _window;

    private void MakeRoom()
    {
        foreach (var (key, streak) in _streaks)
        {
            if (IsOver(streak))
            {
                _streaks.Remove(key);
            }
        }

        if (_streaks.Count >= _capacity)
        {
            _streaks.Remove(_streaks.MinBy(pair => pair.Value.LastFailure).Key);
        }
    }

    private readonly record struct FailureKey(string UserName, IPAddress Source);

    private readonly record struct Streak(int Count, DateTimeOffset LastFailure);
}
