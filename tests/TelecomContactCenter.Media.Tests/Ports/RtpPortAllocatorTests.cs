using TelecomContactCenter.Media.Ports;

namespace TelecomContactCenter.Media.Tests.Ports;

public sealed class RtpPortAllocatorTests
{
    [Fact]
    public void TryAllocate_DefaultRange_GivesEvenRtpPortsWithRtcpNext()
    {
        var allocator = new RtpPortAllocator(new RtpPortOptions());

        Assert.True(allocator.TryAllocate(out var first));
        Assert.True(allocator.TryAllocate(out var second));

        Assert.Equal(500, allocator.Capacity);
        Assert.Equal((20000, 20001), (first.RtpPort, first.RtcpPort));
        Assert.Equal(20002, second.RtpPort);
    }

    [Fact]
    public void TryAllocate_RangeExhausted_ReturnsFalseUntilALeaseIsReleased()
    {
        var allocator = new RtpPortAllocator(new RtpPortOptions { MinPort = 30001, MaxPort = 30005 });
        Assert.True(allocator.TryAllocate(out var a));
        Assert.True(allocator.TryAllocate(out _));

        var exhausted = allocator.TryAllocate(out var none);
        a.Dispose();
        var afterRelease = allocator.TryAllocate(out var reused);

        Assert.False(exhausted);
        Assert.Null(none);
        Assert.True(afterRelease);
        Assert.Equal(30002, reused!.RtpPort);
    }

    [Fact]
    public void TryAllocate_CapBelowTheRange_RefusesAtTheCapAndAcceptsAgainAfterARelease()
    {
        var allocator = new RtpPortAllocator(new RtpPortOptions { MinPort = 30000, MaxPort = 30999 }, maxPairsInUse: 3);
        var leases = Enumerable.Range(0, 3).Select(_ => allocator.TryAllocate(out var lease) ? lease : null).ToList();

        var overCap = allocator.TryAllocate(out _);
        leases[1]!.Dispose();
        var afterRelease = allocator.TryAllocate(out var next);

        Assert.Equal((500, 3), (allocator.Capacity, allocator.Limit));
        Assert.All(leases, Assert.NotNull);
        Assert.False(overCap);
        Assert.True(afterRelease);
        Assert.Equal(30006, next!.RtpPort);
        Assert.Equal(3, allocator.InUse);
    }

    [Fact]
    public void TryAllocate_AnsweredCallsAtTheirShare_AreRefusedWhileTheRestStaysForPlacedLegs()
    {
        var allocator = new RtpPortAllocator(new RtpPortOptions { MinPort = 30000, MaxPort = 30019 });
        var callers = Enumerable.Range(0, 5).Select(_ => allocator.TryAllocate(out var lease, RtpPortUse.Answered) ? lease : null).ToList();

        var sixthCaller = allocator.TryAllocate(out _, RtpPortUse.Answered);
        var agentLegs = Enumerable.Range(0, 5).Select(_ => allocator.TryAllocate(out var lease) ? lease : null).ToList();
        var beyondTheRange = allocator.TryAllocate(out _);
        callers[0]!.Dispose();
        var callerAfterOneLeft = allocator.TryAllocate(out _, RtpPortUse.Answered);

        Assert.Equal((10, 5), (allocator.Limit, allocator.AnsweredLimit));
        Assert.All(callers, Assert.NotNull);
        Assert.False(sixthCaller);
        Assert.All(agentLegs, Assert.NotNull);
        Assert.False(beyondTheRange);
        Assert.True(callerAfterOneLeft);
    }

    [Fact]
    public void TryAllocate_PlacedLegsFreed_DoNotCountAgainstTheAnsweredShare()
    {
        var allocator = new RtpPortAllocator(new RtpPortOptions { MinPort = 30000, MaxPort = 30007, AnsweredSharePercent = 50 });
        Assert.True(allocator.TryAllocate(out var placed));
        Assert.True(allocator.TryAllocate(out _, RtpPortUse.Answered));
        placed.Dispose();
        placed.Dispose();

        var second = allocator.TryAllocate(out _, RtpPortUse.Answered);
        var third = allocator.TryAllocate(out _, RtpPortUse.Answered);

        Assert.Equal((true, false), (second, third));
    }

    [Theory]
    [InlineData(100, 4)]
    [InlineData(1, 1)]
    public void AnsweredLimit_FollowsTheShareAndIsNeverZero(int percent, int expected)
    {
        var allocator = new RtpPortAllocator(new RtpPortOptions { MinPort = 30000, MaxPort = 30007, AnsweredSharePercent = percent });

        Assert.Equal(expected, allocator.AnsweredLimit);
    }

    [Fact]
    public void Dispose_CalledTwiceOnOneLease_ReleasesOnlyOnce()
    {
        var allocator = new RtpPortAllocator(new RtpPortOptions { MinPort = 30000, MaxPort = 30003 });
        Assert.True(allocator.TryAllocate(out var a));
        Assert.True(allocator.TryAllocate(out _));

        a.Dispose();
        a.Dispose();

        Assert.Equal(1, allocator.InUse);
    }

    [Fact]
    public void TryAllocate_ReleasedPort_IsReusedLast()
    {
        var allocator = new RtpPortAllocator(new RtpPortOptions { MinPort = 30000, MaxPort = 30005 });
        Assert.True(allocator.TryAllocate(out var a));

        a.Dispose();
        Assert.True(allocator.TryAllocate(out var next));

        Assert.Equal(30002, next.RtpPort);
    }

    [Fact]
    public async Task TryAllocate_ManyThreads_NeverHandsOutOnePortTwice()
    {
        var allocator = new RtpPortAllocator(new RtpPortOptions());

        var leases = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() =>
        {
            var mine = new List<int>();
            while (allocator.TryAllocate(out var lease))
            {
                mine.Add(lease.RtpPort);
            }

            return mine;
        })));

        var all = leases.SelectMany(l => l).ToList();
        Assert.Equal(500, all.Count);
        Assert.Equal(500, all.Distinct().Count());
    }

    [Theory]
    [InlineData(80, 20999, "MinPort")]
    [InlineData(20000, 19000, "MaxPort")]
    [InlineData(20001, 20002, "holds no even RTP port")]
    public void Constructor_BadRange_NamesTheConfigurationKey(int min, int max, string expected)
    {
        var options = new RtpPortOptions { MinPort = min, MaxPort = max };

        var error = Assert.Throws<InvalidOperationException>(() => new RtpPortAllocator(options));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.Contains("Media:RtpPorts", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(101)]
    public void Constructor_AnsweredShareOutOfRange_NamesTheKey(int percent)
    {
        var options = new RtpPortOptions { AnsweredSharePercent = percent };

        var error = Assert.Throws<InvalidOperationException>(() => new RtpPortAllocator(options));

        Assert.Contains("Media:RtpPorts:AnsweredSharePercent", error.Message, StringComparison.Ordinal);
    }
}
