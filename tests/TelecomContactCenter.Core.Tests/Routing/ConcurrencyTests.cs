using System.Collections.Concurrent;
using TelecomContactCenter.Core.Customers;
using TelecomContactCenter.Core.Routing;

namespace TelecomContactCenter.Core.Tests.Routing;

public sealed class ConcurrencyTests
{
    [Fact]
    public async Task Enqueue_FromSeveralThreads_EveryCallIsOfferedAndAnsweredExactlyOnce()
    {
        var f = new AcdFixture();
        for (var i = 0; i < 20; i++)
        {
            f.Available($"a{i}");
        }

        var offers = new ConcurrentDictionary<CallId, int>();
        void Work(IReadOnlyList<RoutingDecision> decisions)
        {
            var pending = new Queue<RoutingDecision>(decisions);
            while (pending.TryDequeue(out var decision))
            {
                if (decision is not OfferCall offer)
                {
                    continue;
                }

                offers.AddOrUpdate(offer.CallId, 1, (_, n) => n + 1);
                f.Acd.OfferAccepted(offer.CallId, offer.AgentId);
                f.Acd.CallEnded(offer.CallId);
                foreach (var next in f.Acd.WrapUpCompleted(offer.AgentId))
                {
                    pending.Enqueue(next);
                }
            }
        }

        var threads = Enumerable.Range(0, 4).Select(t => Task.Run(() =>
        {
            for (var i = 0; i < 500; i++)
            {
                Work(f.Enqueue($"t{t}-{i}", (ValueTier)(i % 4)));
            }
        }));
        await Task.WhenAll(threads);

        Assert.Equal(2000, offers.Count);
        Assert.All(offers.Values, n => Assert.Equal(1, n));
        Assert.Empty(f.Acd.GetCalls());
        Assert.All(f.Acd.GetAgents(), a => Assert.Equal(AgentState.Idle, a.State));
    }
}
