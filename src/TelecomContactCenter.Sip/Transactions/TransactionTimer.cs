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
        _timer ??= time.CreateTimer(_ => Fire(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
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

    private void Fire()
    {
        if (IsRunning)
        {
            IsRunning = false;
            onFire();
        }
    }
}
