namespace TelecomContactCenter.Sip.Transactions;

/// <summary>One restartable one-shot timer on the injected clock. Callers hold their transaction's lock.</summary>
internal sealed class TransactionTimer(TimeProvider time, Action onFire) : IDisposable
{
    private ITimer? _timer;

    public TimeSpan Interval { get; private set; }

    public bool IsRunning { get; private set; }

    public void Start(TimeSpan dueIn)
    {
        Interval = dueIn;
        IsRunning = true;
        _timer ??= CreateWithoutContext(time, Fire);
        _timer.Change(dueIn, Timeout.InfiniteTimeSpan);
    }

    public void Stop()
    {
        IsRunning = false;
        _timer?.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    public void Dispose()
    {
        IsRunning = false;
        _timer?.Dispose();
    }

    /// <summary>
    /// Creates a stopped timer that does not capture the caller's ExecutionContext. A system timer keeps the context
    /// it was created in, and a transaction's timers are created inside a call's handling: the context (the call's
    /// log scope and what it refers to) would then live as long as the timer, which on a busy server is what the
    /// garbage collector has to copy out of the youngest generation.
    /// </summary>
    internal static ITimer CreateWithoutContext(TimeProvider time, Action onFire)
    {
        AsyncFlowControl? suppressed = ExecutionContext.IsFlowSuppressed() ? null : ExecutionContext.SuppressFlow();
        try
        {
            return time.CreateTimer(static state => ((Action)state!)(), onFire, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        }
        finally
        {
            suppressed?.Undo();
        }
    }

    private void Fire()
    {
        if (IsRunning)
        {
            IsRunning = false;
            onFire();
        }
    }
}
