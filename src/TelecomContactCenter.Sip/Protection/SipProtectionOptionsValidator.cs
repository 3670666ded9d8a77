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

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
