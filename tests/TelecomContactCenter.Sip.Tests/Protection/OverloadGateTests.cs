using Microsoft.Extensions.Options;
using TelecomContactCenter.Sip.Protection;

namespace TelecomContactCenter.Sip.Tests.Protection;

public sealed class OverloadGateTests
{
    [Fact]
    public void TryEnter_AtInFlightLimit_RefusesUntilOneExits()
    {
        var gate = Create(maxInFlight: 2, maxQueue: 100);
        gate.TryEnter();
        gate.TryEnter();

        var third = gate.TryEnter();
        gate.Exit();
        var afterExit = gate.TryEnter();

        Assert.False(third);
        Assert.True(afterExit);
        Assert.Equal(1, gate.Rejected);
        Assert.Equal(2, gate.InFlight);
    }

    [Fact]
    public void TryEnter_QueueTooDeep_RefusesAndRecoversWhenItDrains()
    {
        var gate = Create(maxInFlight: 100, maxQueue: 10);
        gate.ReportQueueDepth(10);

        var whileDeep = gate.TryEnter();
        var overloaded = gate.IsOverloaded;
        gate.ReportQueueDepth(3);
        var afterDrain = gate.TryEnter();

        Assert.False(whileDeep);
        Assert.True(overloaded);
        Assert.True(afterDrain);
        Assert.False(gate.IsOverloaded);
    }

    [Fact]
    public async Task TryEnter_ManyThreadsRacing_NeverAdmitsMoreThanTheLimit()
    {
        var gate = Create(maxInFlight: 50, maxQueue: 100);

        var admitted = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() =>
            Enumerable.Range(0, 1_000).Count(_ => gate.TryEnter()))));

        Assert.Equal(50, admitted.Sum());
        Assert.Equal(8 * 1_000 - 50, gate.Rejected);
    }

    [Fact]
    public void Exit_WithoutEnter_Throws()
    {
        var gate = Create(maxInFlight: 1, maxQueue: 1);

        Assert.Throws<InvalidOperationException>(gate.Exit);
        Assert.Equal(0, gate.InFlight);
    }

    private static OverloadGate Create(int maxInFlight, int maxQueue)
    {
        var options = new SipProtectionOptions();
        options.Overload.MaxInFlightTransactions = maxInFlight;
        options.Overload.MaxQueueDepth = maxQueue;
        options.Overload.RetryAfterSeconds = 7;
        return new OverloadGate(Options.Create(options));
    }
}
