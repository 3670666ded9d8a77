using System.Collections.Concurrent;
using TelecomContactCenter.Media.Playback;

namespace TelecomContactCenter.MediaBench;

/// <summary>
/// Send jitter measured where it arises: for every frame, when it left (right after the UDP send returned)
/// against its tick's deadline on the shared 20 ms schedule. A call's fixed place in the tick is its own
/// schedule's phase, not jitter, so each frame's jitter is its lateness less the smallest lateness of its own
/// stream over the window. Thread-safe: the dictionary is concurrent; each stream's list is written only by
/// the one pacer thread whose lane holds that stream's phase slot, and read after the window closes; the
/// batch-start list is shared by the pacer threads and locked.
/// </summary>
internal sealed class SendJitter
{
    private readonly ConcurrentDictionary<IPacedSender, List<double>> _streams = new(ReferenceEqualityComparer.Instance);
    private readonly List<double> _tickStarts = [];
    private volatile bool _measuring;

    public void Attach(PacingScheduler scheduler)
    {
        // Each stream's log is created during warm-up, so the window itself allocates nothing for it.
        scheduler.SenderTicked = (sender, _, late) =>
        {
            var log = _streams.GetOrAdd(sender, static _ => new List<double>(4096));
            if (_measuring)
            {
                log.Add(late.TotalMilliseconds);
            }
        };
        scheduler.TickStarted = (_, late) =>
        {
            if (_measuring)
            {
                lock (_tickStarts)
                {
                    _tickStarts.Add(late.TotalMilliseconds);
                }
            }
        };
    }

    public bool Measuring
    {
        get => _measuring;
        set => _measuring = value;
    }

    /// <summary>Percentiles in ms: jitter (lateness less the stream's own minimum), absolute lateness, tick start.</summary>
    public (double JitterP50, double JitterP99, double JitterMax, double LateP99, double TickStartP99) Summarise()
    {
        var jitter = new List<double>();
        var late = new List<double>();
        foreach (var stream in _streams.Values.Where(s => s.Count > 0))
        {
            var min = stream.Min();
            jitter.AddRange(stream.Select(l => l - min));
            late.AddRange(stream);
        }

        jitter.Sort();
        late.Sort();
        _tickStarts.Sort();
        return (Percentile(jitter, 0.5), Percentile(jitter, 0.99), jitter.Count == 0 ? double.NaN : jitter[^1],
            Percentile(late, 0.99), Percentile(_tickStarts, 0.99));
    }

    public static double Percentile(List<double> sorted, double p) =>
        sorted.Count == 0 ? double.NaN : sorted[(int)Math.Min(sorted.Count - 1, Math.Ceiling(p * sorted.Count) - 1)];
}
