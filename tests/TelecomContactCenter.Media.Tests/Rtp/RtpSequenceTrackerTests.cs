using TelecomContactCenter.Media.Rtp;

namespace TelecomContactCenter.Media.Tests.Rtp;

public sealed class RtpSequenceTrackerTests
{
    [Fact]
    public void Update_InOrderWithSteadyTransit_NoLossAndZeroJitter()
    {
        var tracker = new RtpSequenceTracker();

        for (var i = 0; i < 50; i++)
        {
            tracker.Update((ushort)(100 + i), (uint)(i * 160), (uint)(5000 + (i * 160)));
        }

        Assert.Equal((50L, 0L, 0u, 149u), (tracker.PacketsReceived, tracker.PacketsLost, tracker.Jitter, tracker.ExtendedHighestSequence));
    }

    [Fact]
    public void Update_SequenceWrapsPast65535_ExtendsTheHighestSequence()
    {
        var tracker = new RtpSequenceTracker();

        foreach (var seq in new ushort[] { 65533, 65534, 65535, 0, 1 })
        {
            tracker.Update(seq, 0, 0);
        }

        Assert.Equal(65536u + 1, tracker.ExtendedHighestSequence);
        Assert.Equal(0, tracker.PacketsLost);
    }

    [Fact]
    public void TakeReport_OneOfFourLost_ReportsFractionAndCumulativeLoss()
    {
        var tracker = new RtpSequenceTracker();
        foreach (var seq in new ushort[] { 10, 11, 13 })
        {
            tracker.Update(seq, 0, 0);
        }

        var first = tracker.TakeReport(99);
        tracker.Update(14, 0, 0);
        var second = tracker.TakeReport(99);

        Assert.Equal((64, 1, 13u), (first.FractionLost, first.CumulativeLost, first.ExtendedHighestSequence));
        Assert.Equal((0, 1), (second.FractionLost, second.CumulativeLost));
    }

    [Fact]
    public void Update_ArrivalsAlternatelyEarlyAndLate_JitterConvergesToTheSwing()
    {
        var tracker = new RtpSequenceTracker();

        for (var i = 0; i < 400; i++)
        {
            var wobble = i % 2 == 0 ? 0 : 80;
            tracker.Update((ushort)i, (uint)(i * 160), (uint)((i * 160) + wobble));
        }

        Assert.InRange(tracker.Jitter, 78u, 80u);
    }

    [Fact]
    public void Update_DuplicatePacket_MakesLossNegativeAsTheRfcSays()
    {
        var tracker = new RtpSequenceTracker();

        foreach (var seq in new ushort[] { 1, 2, 2, 3 })
        {
            tracker.Update(seq, 0, 0);
        }

        Assert.Equal(-1, tracker.PacketsLost);
    }

    [Fact]
    public void Update_SourceRestartsFarAway_AcceptsAfterTwoSequentialPackets()
    {
        var tracker = new RtpSequenceTracker();
        tracker.Update(100, 0, 0);
        tracker.Update(101, 0, 0);

        var firstAfterJump = tracker.Update(40000, 0, 0);
        var secondAfterJump = tracker.Update(40001, 0, 0);

        Assert.False(firstAfterJump);
        Assert.True(secondAfterJump);
        Assert.Equal((40001u, 0L), (tracker.ExtendedHighestSequence, tracker.PacketsLost));
    }
}
