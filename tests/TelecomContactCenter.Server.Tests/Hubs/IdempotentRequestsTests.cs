using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Time.Testing;
using TelecomContactCenter.Server.AgentDesk;
using TelecomContactCenter.Server.Hubs;

namespace TelecomContactCenter.Server.Tests.Hubs;

public sealed class IdempotentRequestsTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 2, 9, 0, 0, TimeSpan.Zero));
    private readonly IdempotentRequests _requests;

    public IdempotentRequestsTests()
    {
        _requests = new IdempotentRequests(_time);
    }

    [Fact]
    public async Task RunAsync_SameUserAndRequestIdTwice_RunsOnceAndBothGetItsResult()
    {
        var runs = 0;

        var first = await _requests.RunAsync("agent1", "wrap-1", () => Task.FromResult(++runs));
        var retry = await _requests.RunAsync("agent1", "wrap-1", () => Task.FromResult(++runs));

        Assert.Equal((1, 1, 1), (runs, first, retry));
    }

    [Fact]
    public async Task RunAsync_SameRequestIdFromAnotherUser_RunsForEach()
    {
        var runs = 0;

        await _requests.RunAsync("agent1", "r-1", () => Task.FromResult(++runs));
        await _requests.RunAsync("agent2", "r-1", () => Task.FromResult(++runs));

        Assert.Equal(2, runs);
    }

    [Fact]
    public async Task RunAsync_RefusedActionRetried_GivesTheSameRefusalWithoutRunningAgain()
    {
        var runs = 0;
        Task<int> Refuse()
        {
            runs++;
            throw new DeskRefusedException("call.wrongState", "No call in wrap-up");
        }

        var first = await Assert.ThrowsAsync<HubException>(() => _requests.RunAsync("agent1", "r-2", Refuse));
        var retry = await Assert.ThrowsAsync<HubException>(() => _requests.RunAsync("agent1", "r-2", Refuse));

        Assert.Equal(1, runs);
        Assert.Equal(("[call.wrongState] No call in wrap-up", "[call.wrongState] No call in wrap-up"), (first.Message, retry.Message));
    }

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    public async Task RunAsync_NoRequestId_IsRefusedBeforeTheActionRuns(string requestId)
    {
        var runs = 0;

        await Assert.ThrowsAsync<HubException>(() => _requests.RunAsync("agent1", requestId, () => Task.FromResult(++runs)));

        Assert.Equal(0, runs);
    }

    [Fact]
    public async Task RunAsync_RetryWhileTheFirstStillRuns_WaitsForItInsteadOfRunningAgain()
    {
        var runs = 0;
        var release = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        Task<int> Action()
        {
            runs++;
            return release.Task;
        }

        var first = _requests.RunAsync("agent1", "complete-1", Action);
        var retry = _requests.RunAsync("agent1", "complete-1", Action);
        release.SetResult(42);

        Assert.Equal((42, 42), (await first, await retry));
        Assert.Equal(1, runs);
    }

    [Fact]
    public async Task RunAsync_RetryJustBeforeTwoMinutes_IsAnsweredFromMemory_AfterThemRunsAgain()
    {
        var runs = 0;
        await _requests.RunAsync("agent1", "r-3", () => Task.FromResult(++runs));

        _time.Advance(IdempotentRequests.Remember - TimeSpan.FromSeconds(1));
        var late = await _requests.RunAsync("agent1", "r-3", () => Task.FromResult(++runs));
        _time.Advance(TimeSpan.FromSeconds(1));
        var afterwards = await _requests.RunAsync("agent1", "r-3", () => Task.FromResult(++runs));

        Assert.Equal((1, 2), (late, afterwards));
    }

    [Fact]
    public async Task Count_OnlyTheLastTwoMinutesAreKept()
    {
        await _requests.RunAsync("agent1", "old", () => Task.FromResult(1));
        _time.Advance(TimeSpan.FromSeconds(90));
        await _requests.RunAsync("agent1", "new", () => Task.FromResult(2));
        Assert.Equal(2, _requests.Count);

        _time.Advance(TimeSpan.FromSeconds(30));

        Assert.Equal(1, _requests.Count);
    }

    [Fact]
    public async Task RunAsync_PastCapacity_StillRunsButDoesNotRemember()
    {
        for (var i = 0; i < IdempotentRequests.Capacity; i++)
        {
            await _requests.RunAsync("agent1", "fill-" + i, () => Task.FromResult(i));
        }

        var runs = 0;
        await _requests.RunAsync("agent1", "one-more", () => Task.FromResult(++runs));
        await _requests.RunAsync("agent1", "one-more", () => Task.FromResult(++runs));
        var remembered = await _requests.RunAsync("agent1", "fill-0", () => Task.FromResult(-1));

        Assert.Equal(2, runs);
        Assert.Equal(0, remembered);
        Assert.Equal(IdempotentRequests.Capacity, _requests.Count);
    }
}
