using System.Net;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using TelecomContactCenter.Sip.Protection;

namespace TelecomContactCenter.Sip.Tests.Protection;

public sealed class SourceRateLimiterTests
{
    private static readonly IPAddress Phone = IPAddress.Parse("192.0.2.10");
    private readonly FakeTimeProvider _time = new();

    [Fact]
    public void TryAcquire_BurstExhausted_RefusesUntilTokensRefill()
    {
        var limiter = Create(rate: 10, burst: 5);
        var firstFive = Enumerable.Range(0, 5).Select(_ => limiter.TryAcquire(Phone)).ToList();
        var sixth = limiter.TryAcquire(Phone);

        _time.Advance(TimeSpan.FromMilliseconds(100));
        var afterOneTokenTime = limiter.TryAcquire(Phone);
        var againAtOnce = limiter.TryAcquire(Phone);

        Assert.All(firstFive, Assert.True);
        Assert.False(sixth);
        Assert.True(afterOneTokenTime);
        Assert.False(againAtOnce);
    }

    [Fact]
    public void TryAcquire_LongIdle_RefillsOnlyUpToBurst()
    {
        var limiter = Create(rate: 10, burst: 3);
        limiter.TryAcquire(Phone);
        _time.Advance(TimeSpan.FromHours(1));

        var allowed = Enumerable.Range(0, 10).Count(_ => limiter.TryAcquire(Phone));

        Assert.Equal(3, allowed);
    }

    [Fact]
    public void TryAcquire_OneSourceFlooding_DoesNotLimitAnother()
    {
        var limiter = Create(rate: 1, burst: 2);
        for (var i = 0; i < 50; i++)
        {
            limiter.TryAcquire(Phone);
        }

        var other = limiter.TryAcquire(IPAddress.Parse("2001:db8::7"));

        Assert.True(other);
    }

    [Fact]
    public void TryAcquire_MappedAndPlainIPv4_ShareOneBucket()
    {
        var limiter = Create(rate: 1, burst: 1);
        limiter.TryAcquire(Phone);

        var mapped = limiter.TryAcquire(Phone.MapToIPv6());

        Assert.False(mapped);
        Assert.Equal(1, limiter.TrackedSources);
    }

    [Fact]
    public void TryAcquire_TableFullOfActiveSources_RefusesNewSourcesButEvictsIdleOnes()
    {
        var limiter = Create(rate: 1, burst: 2, capacity: 3);
        for (var i = 1; i <= 3; i++)
        {
            limiter.TryAcquire(IPAddress.Parse($"198.51.100.{i}"));
        }

        var whileActive = limiter.TryAcquire(IPAddress.Parse("198.51.100.4"));
        _time.Advance(TimeSpan.FromSeconds(3));
        var afterIdle = limiter.TryAcquire(IPAddress.Parse("198.51.100.4"));

        Assert.False(whileActive);
        Assert.True(afterIdle);
        Assert.Equal(1, limiter.TrackedSources);
    }

    [Fact]
    public void TryAcquire_FloodOfSpoofedSources_StaysWithinCapacity()
    {
        var limiter = Create(rate: 1, burst: 1, capacity: 100);

        for (var i = 0; i < 5_000; i++)
        {
            limiter.TryAcquire(new IPAddress([10, (byte)(i >> 16), (byte)(i >> 8), (byte)i]));
            if (i % 500 == 0)
            {
                _time.Advance(TimeSpan.FromSeconds(2));
            }
        }

        Assert.InRange(limiter.TrackedSources, 1, 100);
    }

    [Fact]
    public void TryAcquire_KnownSource_AllocatesNothing()
    {
        var limiter = Create(rate: 1_000_000, burst: 1_000_000);
        var source = IPAddress.Parse("2001:db8::42");
        limiter.TryAcquire(source);
        limiter.TryAcquire(Phone);

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 10_000; i++)
        {
            limiter.TryAcquire(source);
            limiter.TryAcquire(Phone);
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
    }

    private SourceRateLimiter Create(double rate, int burst, int capacity = 1_000)
    {
        var options = new SipProtectionOptions();
        options.RateLimit.RequestsPerSecond = rate;
        options.RateLimit.Burst = burst;
        options.RateLimit.MaxTrackedSources = capacity;
        return new SourceRateLimiter(_time, Options.Create(options));
    }
}
