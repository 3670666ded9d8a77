namespace TelecomContactCenter.Server.Cluster;

/// <summary>The pause of a background loop between its rounds: on the host's clock, and ending quietly when the loop is stopped.</summary>
internal static class QuietDelay
{
    public static async Task DelayAsync(TimeProvider time, TimeSpan delay, CancellationToken stopping)
    {
        try
        {
            await Task.Delay(delay, time, stopping);
        }
        catch (OperationCanceledException)
        {
            // Stopping: the loop sees the token and ends.
        }
    }
}
