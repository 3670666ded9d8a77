namespace TelecomContactCenter.Server.Wallboard;

/// <summary>
/// A "something on the wallboard changed" signal that coalesces bursts: many changes before the feed wakes cause
/// one push. Thread-safe: one semaphore capped at a single pending release.
/// </summary>
internal sealed class BoardChanges : IDisposable
{
    private readonly SemaphoreSlim _signal = new(0, 1);

    public void Changed()
    {
        try
        {
            _signal.Release();
        }
        catch (SemaphoreFullException)
        {
            // A push is already pending; it will read the latest state.
        }
    }

    public void Dispose() => _signal.Dispose();

    public Task WaitAsync(CancellationToken cancellationToken) => _signal.WaitAsync(cancellationToken);
}
