using Microsoft.Extensions.Options;

namespace TelecomContactCenter.Server.Profiles;

/// <summary>
/// Re-evaluates every profile on a schedule. Complaint changes re-evaluate their one customer in-line
/// (see ComplaintService), so the schedule only has to catch bill closes and status changes.
/// </summary>
internal sealed partial class ProfileRefreshService(
    IServiceScopeFactory scopes,
    ProfileEvaluationStatus status,
    IOptions<ProfileOptions> options,
    TimeProvider timeProvider,
    ILogger<ProfileRefreshService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.EvaluationInterval, timeProvider);
        while (await WaitAsync(timer, stoppingToken))
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var count = await scope.ServiceProvider.GetRequiredService<ProfileEvaluator>().EvaluateAllAsync(stoppingToken);
                status.Completed(count, timeProvider.GetUtcNow());
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogFailed(logger, ex);
            }
        }
    }

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken stoppingToken)
    {
        try
        {
            return await timer.WaitForNextTickAsync(stoppingToken);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Profile re-evaluation failed; retrying on the next tick")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}

/// <summary>
/// Outcome of the last scheduled evaluation, for the supervisor board and for tests that advance the clock.
/// Thread-safe: one lock guards the fields and the completion source that waiters hold.
/// </summary>
internal sealed class ProfileEvaluationStatus
{
    private readonly Lock _gate = new();
    private TaskCompletionSource _next = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public DateTimeOffset? LastCompletedAt { get; private set; }

    public int LastCount { get; private set; }

    /// <summary>Completes when the next scheduled run finishes.</summary>
    public Task NextRunAsync()
    {
        lock (_gate)
        {
            return _next.Task;
        }
    }

    public void Completed(int count, DateTimeOffset at)
    {
        TaskCompletionSource finished;
        lock (_gate)
        {
            (LastCount, LastCompletedAt) = (count, at);
            finished = _next;
            _next = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        finished.SetResult();
    }
}
