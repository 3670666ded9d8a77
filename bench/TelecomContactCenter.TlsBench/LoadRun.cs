using System.Diagnostics;

namespace TelecomContactCenter.TlsBench;

internal sealed record LoadResult(int Completed, int Failed, double AchievedRate, double P50, double P99, long Retransmissions);

/// <summary>An open-loop run: calls start on a fixed schedule whether or not earlier ones have finished.</summary>
internal static class LoadRun
{
    public static async Task<LoadResult> RunAsync(RedirectClient client, string accessNumber, int calls, int rate, Func<string> caller)
    {
        var latencies = new double[calls];
        var outcomes = new Task<double?>[calls];
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < calls; i++)
        {
            var due = TimeSpan.FromSeconds((double)i / rate);
            var wait = due - clock.Elapsed;
            if (wait > TimeSpan.FromMilliseconds(1))
            {
                await Task.Delay(wait);
            }

            outcomes[i] = client.RedirectAsync(accessNumber, caller());
        }

        var sent = clock.Elapsed;
        var completed = 0;
        var failed = 0;
        foreach (var outcome in outcomes)
        {
            if (await outcome is { } milliseconds)
            {
                latencies[completed++] = milliseconds;
            }
            else
            {
                failed++;
            }
        }

        Array.Sort(latencies, 0, completed);
        double Percentile(double p) => completed == 0 ? double.NaN : latencies[Math.Min(completed - 1, (int)(p * completed))];
        return new LoadResult(completed, failed, calls / sent.TotalSeconds, Percentile(0.50), Percentile(0.99), client.Retransmissions);
    }
}
