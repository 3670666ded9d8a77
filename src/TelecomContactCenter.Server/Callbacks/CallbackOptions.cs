namespace TelecomContactCenter.Server.Callbacks;

/// <summary>Section <c>Callbacks</c>: how often the dialler looks for due callbacks and how it retries.</summary>
internal sealed class CallbackOptions
{
    public const string Section = "Callbacks";

    /// <summary>How often due callbacks are picked up and offered to agents.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>After a busy, unanswered or failed dial the callback falls due again this much later.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Dial attempts before a callback is given up (status Failed).</summary>
    public int MaxAttempts { get; set; } = 3;

    /// <summary>How many due callbacks one poll claims, so a backlog does not flood the queues at once.</summary>
    public int BatchSize { get; set; } = 20;

    public IEnumerable<string> Validate()
    {
        if (PollInterval <= TimeSpan.Zero || PollInterval > TimeSpan.FromMinutes(10))
        {
            yield return $"{Section}:{nameof(PollInterval)} must be between 0 and 10 minutes.";
        }

        if (RetryDelay <= TimeSpan.Zero || RetryDelay > TimeSpan.FromDays(7))
        {
            yield return $"{Section}:{nameof(RetryDelay)} must be between 0 and 7 days.";
        }

        if (MaxAttempts is < 1 or > 20)
        {
            yield return $"{Section}:{nameof(MaxAttempts)} must be between 1 and 20.";
        }

        if (BatchSize is < 1 or > 1000)
        {
            yield return $"{Section}:{nameof(BatchSize)} must be between 1 and 1000.";
        }
    }
}
