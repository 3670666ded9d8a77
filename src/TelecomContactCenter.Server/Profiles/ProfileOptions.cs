namespace TelecomContactCenter.Server.Profiles;

internal sealed class ProfileOptions
{
    public const string Section = "Profiles";

    /// <summary>How often every profile is re-evaluated (bills close monthly; status events arrive daily).</summary>
    public TimeSpan EvaluationInterval { get; set; } = TimeSpan.FromHours(6);

    /// <summary>Customers loaded and written per database round trip during a full evaluation.</summary>
    public int BatchSize { get; set; } = 2_000;

    public IEnumerable<string> Validate()
    {
        if (EvaluationInterval < TimeSpan.FromMinutes(1))
        {
            yield return $"{Section}:{nameof(EvaluationInterval)} must be at least one minute.";
        }

        if (BatchSize is < 1 or > 50_000)
        {
            yield return $"{Section}:{nameof(BatchSize)} must be between 1 and 50000.";
        }
    }
}
