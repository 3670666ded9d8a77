using Microsoft.Extensions.Options;

namespace TelecomContactCenter.Server.Ivr;

/// <summary>
/// Reloads the flows when files in the flow folder change, once the folder has been quiet for
/// <see cref="IvrOptions.ReloadDebounce"/>. Thread-safe: watcher callbacks only re-arm one timer (ITimer.Change is
/// thread-safe); the reload runs on the timer callback, and <see cref="IvrFlowCatalog.Reload"/> swaps atomically.
/// </summary>
internal sealed class IvrFlowWatcher(IvrFlowCatalog catalog, IOptions<IvrOptions> options, TimeProvider time) : IHostedService, IDisposable
{
    private FileSystemWatcher? _watcher;
    private ITimer? _debounce;

    /// <summary>Completed reloads, accepted or rejected; lets tests wait for a reload without sleeping.</summary>
    public event Action<bool>? Reloaded;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _debounce = time.CreateTimer(_ => Reloaded?.Invoke(catalog.Reload()), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        _watcher = new FileSystemWatcher(catalog.Folder, "*.json") { IncludeSubdirectories = false };
        _watcher.Changed += OnChange;
        _watcher.Created += OnChange;
        _watcher.Deleted += OnChange;
        _watcher.Renamed += OnChange;
        _watcher.EnableRaisingEvents = true;
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        Dispose();
        return Task.CompletedTask;
    }

    public void Dispose()
    {
        _watcher?.Dispose();
        _debounce?.Dispose();
    }

    private void OnChange(object sender, FileSystemEventArgs e) =>
        _debounce?.Change(options.Value.ReloadDebounce, Timeout.InfiniteTimeSpan);
}
