namespace TelecomContactCenter.Server.DemoData;

internal sealed class DemoDataOptions
{
    public const string Section = "DemoData";

    /// <summary>Demo mode: seed demo users and a generated population into an empty database.</summary>
    public bool Enabled { get; set; } = true;

    public int CustomerCount { get; set; } = 10_000;

    public int Seed { get; set; } = 20_261_101;

    /// <summary>Password of every demo user (documented in the README; demo mode only).</summary>
    public string Password { get; set; } = "ContactCenter!1";

    /// <summary>
    /// Extra agents benchagent1…N with the demo password and SIP credentials, for bench/run-pop.sh; 0 (default) creates none.
    /// </summary>
    public int BenchAgents { get; set; }

    public IEnumerable<string> Validate()
    {
        if (BenchAgents is < 0 or > 100_000)
        {
            yield return $"{Section}:{nameof(BenchAgents)} must be between 0 and 100000.";
        }

        if (CustomerCount is < 100 or > 1_000_000)
        {
            yield return $"{Section}:{nameof(CustomerCount)} must be between 100 and 1000000.";
        }

        if (Enabled && string.IsNullOrWhiteSpace(Password))
        {
            yield return $"{Section}:{nameof(Password)} must be set when {Section}:{nameof(Enabled)} is true.";
        }
    }
}
