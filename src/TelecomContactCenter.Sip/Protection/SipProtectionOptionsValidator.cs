using Microsoft.Extensions.Options;

namespace TelecomContactCenter.Sip.Protection;

/// <summary>Stops start-up on bad protection settings, naming the configuration key at fault.</summary>
public sealed class SipProtectionOptionsValidator : IValidateOptions<SipProtectionOptions>
{
    public ValidateOptionsResult Validate(string? name, SipProtectionOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        const string section = SipProtectionOptions.SectionName;
        var failures = new List<string>();
        for (var i = 0; i < options.TrustedTrunks.Count; i++)
        {
            if (!TrustedTrunkAllowlist.TryParseEntry(options.TrustedTrunks[i], out _))
            {
                failures.Add(
                    $"{section}:TrustedTrunks:{i} '{options.TrustedTrunks[i]}' is not an IP address or CIDR block.");
            }
        }

        var rate = options.RateLimit;
        if (!(rate.RequestsPerSecond > 0) || double.IsInfinity(rate.RequestsPerSecond))
        {
            failures.Add($"{section}:RateLimit:RequestsPerSecond must be a positive number.");
        }

        if (rate.Burst < 1)
        {
            failures.Add($"{section}:RateLimit:Burst must be at least 1.");
        }

        if (rate.MaxTrackedSources < 1)
        {
            failures.Add($"{section}:RateLimit:MaxTrackedSources must be at least 1.");
        }

        var overload = options.Overload;
        if (overload.MaxInFlightTransactions < 1)
        {
            failures.Add($"{section}:Overload:MaxInFlightTransactions must be at least 1.");
        }

        if (overload.MaxQueueDepth < 1)
        {
            failures.Add($"{section}:Overload:MaxQueueDepth must be at least 1.");
        }

        if (overload.RetryAfterSeconds is < 1 or > 3600)
        {
            failures.Add($"{section}:Overload:RetryAfterSeconds must be between 1 and 3600.");
        }

        if (overload.MaxServerTransactions < 1)
        {
            failures.Add($"{section}:Overload:MaxServerTransactions must be at least 1.");
        }

        var bans = options.Bans;
        if (bans.Threshold < 1)
        {
            failures.Add($"{section}:Bans:Threshold must be at least 1.");
        }

        if (bans.Window <= TimeSpan.Zero)
        {
            failures.Add($"{section}:Bans:Window must be positive.");
        }

        if (bans.Duration <= TimeSpan.Zero)
        {
            failures.Add($"{section}:Bans:Duration must be positive.");
        }

        if (bans.MaxTrackedSources < 1)
        {
            failures.Add($"{section}:Bans:MaxTrackedSources must be at least 1.");
        }

        for (var i = 0; i < bans.NeverBan.Count; i++)
        {
            if (!TrustedTrunkAllowlist.TryParseEntry(bans.NeverBan[i], out _))
            {
                failures.Add($"{section}:Bans:NeverBan:{i} '{bans.NeverBan[i]}' is not an IP address or CIDR block.");
            }
        }

        for (var i = 0; i < options.ScannerUserAgents.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(options.ScannerUserAgents[i]))
            {
                failures.Add($"{section}:ScannerUserAgents:{i} must not be empty.");
            }
        }

        if (options.SecurityEvents.RefusalSummaryInterval <= TimeSpan.Zero)
        {
            failures.Add($"{section}:SecurityEvents:RefusalSummaryInterval must be positive.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
