using TelecomContactCenter.Core.Customers;
using static TelecomContactCenter.Core.Tests.Customers.SampleCustomers;

namespace TelecomContactCenter.Core.Tests.Customers;

public sealed class StageHysteresisTests
{
    private readonly LifecycleStageEvaluator _evaluator = new();

    [Fact]
    public void Evaluate_MatureCustomerGetsTrigger_EntersDeclineImmediately()
    {
        var previous = new StageHistory(LifecycleStage.Maturity, 0, AsOf.AddMonths(-1));

        var result = _evaluator.Evaluate(Mature with { IntentToLeave = true }, previous, AsOf);

        Assert.Equal(LifecycleStage.Decline, result.Stage);
        Assert.Equal(0, result.History.CleanEvaluations);
    }

    [Fact]
    public void Evaluate_FirstCleanMonthAfterDecline_StaysInDeclineHeld()
    {
        var previous = new StageHistory(LifecycleStage.Decline, 0, AsOf.AddMonths(-1));

        var result = _evaluator.Evaluate(Mature, previous, AsOf);

        Assert.Equal(LifecycleStage.Decline, result.Stage);
        Assert.Equal([StageReasonCodes.DeclineHeld], result.ReasonCodes);
        Assert.Equal(1, result.History.CleanEvaluations);
    }

    [Fact]
    public void Evaluate_SecondConsecutiveCleanMonth_LeavesDecline()
    {
        var first = _evaluator.Evaluate(Mature, new StageHistory(LifecycleStage.Decline, 0, AsOf.AddMonths(-1)), AsOf);

        var second = _evaluator.Evaluate(Mature, first.History, AsOf.AddMonths(1));

        Assert.Equal(LifecycleStage.Maturity, second.Stage);
    }

    [Fact]
    public void Evaluate_CleanTwiceInSameMonth_CountsOnce()
    {
        var first = _evaluator.Evaluate(Mature, new StageHistory(LifecycleStage.Decline, 0, AsOf.AddMonths(-1)), AsOf);

        var again = _evaluator.Evaluate(Mature, first.History, AsOf.AddDays(10));

        Assert.Equal(LifecycleStage.Decline, again.Stage);
        Assert.Equal(1, again.History.CleanEvaluations);
    }

    [Fact]
    public void Evaluate_TriggerBetweenCleanMonths_RestartsCount()
    {
        var clean = _evaluator.Evaluate(Mature, new StageHistory(LifecycleStage.Decline, 0, AsOf.AddMonths(-1)), AsOf);
        var dirty = _evaluator.Evaluate(Mature with { ArrearsDays = 40 }, clean.History, AsOf.AddMonths(1));

        var afterDirty = _evaluator.Evaluate(Mature, dirty.History, AsOf.AddMonths(2));

        Assert.Equal(LifecycleStage.Decline, afterDirty.Stage);
        Assert.Equal(1, afterDirty.History.CleanEvaluations);
    }

    [Fact]
    public void Evaluate_HeldInDeclineButAccountTerminated_ChurnedAtOnce()
    {
        var previous = new StageHistory(LifecycleStage.Decline, 1, AsOf.AddMonths(-1));

        var result = _evaluator.Evaluate(Mature with { Status = AccountStatus.Terminated }, previous, AsOf);

        Assert.Equal(LifecycleStage.Churned, result.Stage);
    }
}
