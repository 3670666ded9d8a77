using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;

namespace TelecomContactCenter.Sip.Protection;

/// <summary>
/// Per-source token bucket. A known source costs no allocation: the key is the address packed into a UInt128 and
/// the bucket is refilled from <see cref="TimeProvider.GetTimestamp"/>. Memory is bounded: when the table is full,
/// sources whose bucket has refilled completely are evicted (forgetting them changes nothing), at most once per
/// second; if it is still full, new sources are refused until room appears, so a spoofed-address flood cannot grow
/// it. Thread-safe: a concurrent dictionary plus one small lock per bucket.
/// </summary>
public sealed class SourceRateLimiter
{
    private readonly ConcurrentDictionary<UInt128, Bucket> _buckets = new();
    private readonly TimeProvider _time;
    private readonly double _tokensPerTick;
    private readonly double _burst;
    private readonly int _capacity;
    private readonly long _fullRefillTicks;
    private readonly long _sweepSpacingTicks;
    private int _count;
    private long _lastSweep;

    public SourceRateLimiter(TimeProvider time, IOptions<SipProtectionOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var settings = options.Value.RateLimit;
        _time = time;
        _tokensPerTick = settings.RequestsPerSecond / time.TimestampFrequency;
        _burst = settings.Burst;
        _capacity = settings.MaxTrackedSources;
        _fullRefillTicks = (long)Math.Ceiling(_burst / _tokensPerTick);
        _sweepSpacingTicks = time.TimestampFrequency;
        _lastSweep = time.GetTimestamp() - _sweepSpacingTicks;
    }

    public int TrackedSources => Volatile.Read(ref _count);

    /// <summary>Takes one token for <paramref name="source"/>; false means answer 503 or drop.</summary>
    public bool TryAcquire(IPAddress source)
    {
        var key = Pack(source);
        var now = _time.GetTimestamp();
        if (!_buckets.TryGetValue(key, out var bucket))
        {
            if (!TryAdd(key, now, out bucket))
            {
                return false;
            }
        }

        return bucket.TryTake(now, _tokensPerTick, _burst);
    }

    /// <summary>Drops sources idle long enough for a full refill; a periodic background sweep may call this too.</summary>
    public int EvictIdle()
    {
        var now = _time.GetTimestamp();
        Volatile.Write(ref _lastSweep, now);
        var evicted = 0;
        foreach (var pair in _buckets)
        {
            if (pair.Value.IsIdle(now, _fullRefillTicks) && _buckets.TryRemove(pair))
            {
                Interlocked.Decrement(ref _count);
                evicted++;
            }
        }

        return evicted;
    }

    private bool TryAdd(UInt128 key, long now, out Bucket bucket)
    {
        if (Volatile.Read(ref _count) >= _capacity)
        {
            if (now - Volatile.Read(ref _lastSweep) < _sweepSpacingTicks || EvictIdle() == 0)
            {
                bucket = null!;
                return false;
            }
        }

        var created = new Bucket(_burst, now);
        bucket = _buckets.GetOrAdd(key, created);
        if (ReferenceEquals(bucket, created))
        {
            Interlocked.Increment(ref _count);
        }

        return true;
    }

    private static UInt128 Pack(IPAddress source)
    {
        ArgumentNullException.ThrowIfNull(source);
        Span<byte> bytes = stackalloc byte[16];
        if (source.AddressFamily == AddressFamily.InterNetwork)
        {
            // Store IPv4 in its IPv4-mapped IPv6 form so both spellings of one peer share a bucket.
            bytes[..10].Clear();
            bytes[10] = 0xff;
            bytes[11] = 0xff;
            source.TryWriteBytes(bytes[12..], out _);
        }
        else
        {
            source.TryWriteBytes(bytes, out _);
        }

        return System.Buffers.Binary.BinaryPrimitives.ReadUInt128BigEndian(bytes);
    }

    private sealed class Bucket(double tokens, long lastRefill)
    {
        private readonly Lock _gate = new();
        private double _tokens = tokens;
        private long _lastRefill = lastRefill;

        public bool TryTake(long now, double tokensPerTick, double burst)
        {
            lock (_gate)
            {
                if (now > _lastRefill)
                {
                    _tokens = Math.Min(burst, _tokens + ((now - _lastRefill) * tokensPerTick));
                    _lastRefill = now;
                }

                if (_tokens < 1)
                {
                    return false;
                }

                _tokens -= 1;
                return true;
            }
        }

        public bool IsIdle(long now, long fullRefillTicks)
        {
            lock (_gate)
            {
                return now - _lastRefill >= fullRefillTicks;
            }
        }
    }
}
