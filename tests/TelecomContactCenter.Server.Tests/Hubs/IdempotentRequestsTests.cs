using Microsoft.AspNetCore.SignalR;
using TelecomContactCenter.Server.Contact;
using TelecomContactCenter.Server.Hubs;

namespace TelecomContactCenter.Server.Tests.Hubs;

public sealed class IdempotentRequestsTests : IDisposable
{
    private readonly IdempotentRequests _requests = new();

    public void Dispose() => _requests.Dispose();

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
            throw new DeskRefusedException("No call in wrap-up");
        }

        var first = await Assert.ThrowsAsync<HubException>(() => _requests.RunAsync("agent1", "r-2", Refuse));
        var retry = await Assert.ThrowsAsync<HubException>(() => _requests.RunAsync("agent1", "r-2", Refuse));

        Assert.Equal(1, runs);
        Assert.Equal(("No call in wrap-up", "No call in wrap-up"), (first.Message, retry.Message));
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
}
