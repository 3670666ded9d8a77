using Microsoft.Extensions.Time.Testing;
using TelecomContactCenter.Server.Callbacks;

namespace TelecomContactCenter.Server.Tests.Callbacks;

/// <summary>The toll-fraud guard on the legs the service dials: allow-list, hourly rates and concurrency caps.</summary>
public sealed class DialGuardTests
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 2, 6, 0, 0, TimeSpan.Zero));
    private readonly DialPolicyOptions _policy = new() { MaxPerAgentPerHour = 3, MaxConcurrentPerAgent = 2, MaxPerPrefixPerHour = 100, MaxConcurrentPerPrefix = 100 };

    public DialGuardTests() => _policy.AllowedPrefixes.Add("+86");

    [Theory]
    [InlineData("+882345678")]   // international networks: premium-rate territory
    [InlineData("+4790000000")]
    [InlineData("8613800000004")] // not E.164 as written: no prefix matches
    public void NumberOutsideTheAllowList_IsRefusedNamingTheKey(string number)
    {
        var lease = Guard().TryAcquire("agent1", number, out var refusal);

        Assert.Null(lease);
        Assert.Contains("Telephony:DialPolicy:AllowedPrefixes", refusal, StringComparison.Ordinal);
    }

    [Fact]
    public void Agent_IsCappedInConcurrentCalls_UntilOneEnds()
    {
        var guard = Guard();
        using var first = guard.TryAcquire("agent1", "+8613800000001", out _);
        var second = guard.TryAcquire("agent1", "+8613800000002", out _);

        var third = guard.TryAcquire("agent1", "+8613800000003", out var refusal);
        second!.Dispose();
        var afterOneEnded = guard.TryAcquire("agent1", "+8613800000003", out _);
        var otherAgent = guard.TryAcquire("agent2", "+8613800000005", out _);

        Assert.NotNull(first);
        Assert.Null(third);
        Assert.Contains("agent1", refusal, StringComparison.Ordinal);
        Assert.NotNull(afterOneEnded);
        Assert.NotNull(otherAgent);
    }

    [Fact]
    public void Agent_IsCappedPerHour_AndTheWindowSlides()
    {
        var guard = Guard();
        for (var i = 0; i < 3; i++)
        {
            guard.TryAcquire("agent1", "+8613800000001", out _)!.Dispose();
        }

        var fourth = guard.TryAcquire("agent1", "+8613800000001", out var refusal);
        _clock.Advance(TimeSpan.FromMinutes(61));
        var nextHour = guard.TryAcquire("agent1", "+8613800000001", out _);

        Assert.Null(fourth);
        Assert.Contains("last hour", refusal, StringComparison.Ordinal);
        Assert.NotNull(nextHour);
    }

    [Fact]
    public void Prefix_IsCappedAcrossAgents()
    {
        _policy.MaxConcurrentPerPrefix = 2;
        var guard = Guard();
        guard.TryAcquire("agent1", "+8613800000001", out _);
        guard.TryAcquire("agent2", "+8613800000002", out _);

        var third = guard.TryAcquire("agent3", "+8613800000003", out var refusal);

        Assert.Null(third);
        Assert.Contains("+86", refusal, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("86")]
    [InlineData("+")]
    [InlineData("+86 1")]
    public void Validate_BadPrefix_NamesTheKey(string prefix)
    {
        var policy = new DialPolicyOptions();
        policy.AllowedPrefixes.Add(prefix);

        Assert.Contains(policy.Validate(), e => e.StartsWith("Telephony:DialPolicy:AllowedPrefixes:0", StringComparison.Ordinal));
    }

    private DialGuard Guard() => new(_clock, Microsoft.Extensions.Options.Options.Create(_policy));
}
