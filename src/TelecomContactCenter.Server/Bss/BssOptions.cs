namespace TelecomContactCenter.Server.Bss;

internal enum CustomerSourceKind
{
    Local,
    Rest,
}

internal sealed class BssOptions
{
    public const string Section = "Bss";

    public CustomerSourceKind Source { get; set; } = CustomerSourceKind.Local;

    /// <summary>Base address of the BSS customer API; GET {BaseUrl}/customers/{e164}.</summary>
    public Uri? BaseUrl { get; set; }

    /// <summary>Sent as <c>Authorization: Bearer</c> on every lookup when set; keep it in the environment.</summary>
    public string? ApiKey { get; set; }

    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromMilliseconds(800);

    /// <summary>Upper bound for a lookup including retries: a call waiting for a profile never waits longer.</summary>
    public TimeSpan TotalTimeout { get; set; } = TimeSpan.FromSeconds(2);

    public int MaxRetries { get; set; } = 2;

    /// <summary>The wait before the first retry; each further retry waits twice as long.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMilliseconds(50);

    public TimeSpan BreakDuration { get; set; } = TimeSpan.FromSeconds(30);

    public IEnumerable<string> Validate()
    {
        if (Source == CustomerSourceKind.Rest && BaseUrl is not { IsAbsoluteUri: true })
        {
            yield return $"{Section}:{nameof(BaseUrl)} must be an absolute URL when {Section}:{nameof(Source)} is Rest.";
        }

        if (AttemptTimeout <= TimeSpan.Zero || TotalTimeout < AttemptTimeout)
        {
            yield return $"{Section}:{nameof(TotalTimeout)} must be at least {Section}:{nameof(AttemptTimeout)}, both positive.";
        }

        if (MaxRetries is < 0 or > 5)
        {
            yield return $"{Section}:{nameof(MaxRetries)} must be between 0 and 5.";
        }

        if (RetryDelay < TimeSpan.Zero || RetryDelay > TimeSpan.FromSeconds(5))
        {
            yield return $"{Section}:{nameof(RetryDelay)} must be between 0 and 5 s.";
        }

        if (BreakDuration < TimeSpan.FromMilliseconds(500))
        {
            yield return $"{Section}:{nameof(BreakDuration)} must be at least 0.5 s.";
        }
    }
}
