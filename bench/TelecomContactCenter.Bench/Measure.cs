using System.Diagnostics;

namespace TelecomContactCenter.Bench;

internal sealed record LatencySummary(double P50, double P99, double Mean);

internal static class Measure
{
    /// <summary>Warms up on the first tenth, then times every call; microseconds.</summary>
    public static async Task<LatencySummary> RunAsync(IReadOnlyList<string> phones, Func<string, Task<int>> lookup)
    {
        var found = 0;
        foreach (var phone in phones.Take(Math.Max(1000, phones.Count / 10)))
        {
            found += await lookup(phone) > 0 ? 1 : 0;
        }

        var samples = new double[phones.Count];
        for (var i = 0; i < phones.Count; i++)
        {
            var start = Stopwatch.GetTimestamp();
            found += await lookup(phones[i]) > 0 ? 1 : 0;
            samples[i] = Stopwatch.GetElapsedTime(start).TotalMicroseconds;
        }

        if (found == 0)
        {
            throw new InvalidOperationException("No lookup found a customer: the database is empty or the phones are wrong.");
        }

        Array.Sort(samples);
        return new LatencySummary(samples[samples.Length / 2], samples[(int)(samples.Length * 0.99)], samples.Average());
    }
}
