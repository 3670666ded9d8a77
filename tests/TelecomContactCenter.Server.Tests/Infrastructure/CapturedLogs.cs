using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace TelecomContactCenter.Server.Tests.Infrastructure;

/// <summary>Every formatted line, with its category, scopes and exception, in arrival order.</summary>
internal sealed class CapturedLogs : ILoggerProvider, ISupportExternalScope
{
    private readonly ConcurrentQueue<string> _lines = new();
    private IExternalScopeProvider _scopes = new LoggerExternalScopeProvider();
    private TaskCompletionSource _added = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public IEnumerable<string> Lines => _lines;

    /// <summary>
    /// Waits until a line matching <paramref name="match"/> has been logged, at most <paramref name="timeout"/>: a
    /// host may log what it did just after answering, so a line can arrive after the caller saw the answer.
    /// </summary>
    public async Task<bool> WaitForAsync(Func<string, bool> match, TimeSpan timeout)
    {
        using var expiry = new CancellationTokenSource(timeout);
        while (true)
        {
            var next = Volatile.Read(ref _added).Task;
            if (_lines.Any(match))
            {
                return true;
            }

            try
            {
                await next.WaitAsync(expiry.Token);
            }
            catch (OperationCanceledException)
            {
                return _lines.Any(match);
            }
        }
    }

    private void Add(string line)
    {
        _lines.Enqueue(line);
        Interlocked.Exchange(ref _added, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
    }

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

    public void Dispose()
    {
    }

    private sealed class Logger(CapturedLogs owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => owner._scopes.Push(state);

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var scopes = new List<string>();
            owner._scopes.ForEachScope((scope, list) => list.Add(scope?.ToString() ?? ""), scopes);
            owner.Add($"{category} [{string.Join(" / ", scopes)}] {formatter(state, exception)} {exception}");
        }
    }
}
