using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using TelecomContactCenter.Sip.Authentication;

namespace TelecomContactCenter.Sip.Tests.Authentication;

public sealed class NonceCountCacheTests
{
    private readonly FakeTimeProvider _time = new();

    [Fact]
    public void TryAdvance_IncreasingCounts_AcceptsEach()
    {
        var cache = Create(capacity: 10);
        var issued = _time.GetUtcNow();

        Assert.True(cache.TryAdvance("n", issued, 1));
        Assert.True(cache.TryAdvance("n", issued, 2));
        Assert.True(cache.TryAdvance("n", issued, 7));
    }

    [Theory]
    [InlineData(3u)]
    [InlineData(2u)]
    public void TryAdvance_RepeatedOrLowerCount_IsRefusedAsReplay(uint replayed)
    {
        var cache = Create(capacity: 10);
        var issued = _time.GetUtcNow();
        cache.TryAdvance("n", issued, 3);

        var accepted = cache.TryAdvance("n", issued, replayed);

        Assert.False(accepted);
    }

    [Fact]
    public void TryAdvance_WhenFull_DropsExpiredNoncesFirst()
    {
        var cache = Create(capacity: 2);
        cache.TryAdvance("old", _time.GetUtcNow(), 1);
        _time.Advance(TimeSpan.FromMinutes(6));
        cache.TryAdvance("live", _time.GetUtcNow(), 1);

        var accepted = cache.TryAdvance("new", _time.GetUtcNow(), 1);

        Assert.True(accepted);
        Assert.Equal(2, cache.Count);
        Assert.False(cache.TryAdvance("live", _time.GetUtcNow(), 1));
    }

    [Fact]
    public void TryAdvance_EvictedLiveNonce_CannotBeReplayedAfterwards()
    {
        var cache = Create(capacity: 1);
        var firstIssued = _time.GetUtcNow();
        cache.TryAdvance("first", firstIssued, 5);
        _time.Advance(TimeSpan.FromSeconds(1));
        cache.TryAdvance("second", _time.GetUtcNow(), 1);

        var replay = cache.TryAdvance("first", firstIssued, 1);

        Assert.False(replay);
        Assert.Equal(1, cache.Count);
    }

    private NonceCountCache Create(int capacity) =>
        new(_time, Options.Create(new DigestOptions { MaxTrackedNonces = capacity }));
}
