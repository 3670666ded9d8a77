using Microsoft.Extensions.Options;

namespace TelecomContactCenter.Server.Profiles;

/// <summary>
/// Re-evaluates every profile on a schedule. Complaint changes re-evaluate their one customer in-line
/// (see ComplaintService), so the schedule only has to catch bill closes and status changes.
/// </summary>
internal sealed partial class ProfileRefreshService(
    IServiceScopeFactory scopes,
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
                await scope.ServiceProvider.GetRequiredService<ProfileEvaluator>().EvaluateAllAsync(stoppingToken);
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
