using Microsoft.Extensions.Options;

namespace TelecomContactCenter.Sip.Registrar;

/// <summary>Registrar settings, section <c>Sip:Registrar</c>.</summary>
public sealed class RegistrarOptions
{
    public const string SectionName = "Sip:Registrar";

    /// <summary>
    /// The one domain this registrar is authoritative for; every address-of-record is stored as
    /// sip:user@Domain whatever host the phone put in To, so the ACD can look agents up by user name alone.
    /// </summary>
    public string Domain { get; set; } = "contactcenter";

    /// <summary>Shorter non-zero expiries get 423 Interval Too Brief with this Min-Expires (RFC 3261 §10.3 step 7).</summary>
    public int MinExpiresSeconds { get; set; } = 60;

    /// <summary>Longer requested expiries are shortened to this.</summary>
    public int MaxExpiresSeconds { get; set; } = 3600;

    /// <summary>Used when neither the contact's expires parameter nor an Expires header says.</summary>
    public int DefaultExpiresSeconds { get; set; } = 3600;

    public int MaxContactsPerAddressOfRecord { get; set; } = 10;

    /// <summary>
    /// Send requests for every binding to the address and port its REGISTER came from, whatever the Contact says
    /// (a "force rport" for sites where every phone is behind NAT). Off: the Contact is used unless NAT is detected.
    /// </summary>
    public bool ForceRport { get; set; }

    /// <summary>How often expired bindings are swept and reported; lookups hide them as soon as they expire.</summary>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromSeconds(30);
}

public sealed class RegistrarOptionsValidator : IValidateOptions<RegistrarOptions>
{
    public ValidateOptionsResult Validate(string? name, RegistrarOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        const string section = RegistrarOptions.SectionName;
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.Domain))
        {
            failures.Add($"{section}:Domain must not be empty.");
        }

        if (options.MinExpiresSeconds < 1)
        {
            failures.Add($"{section}:MinExpiresSeconds must be at least 1.");
        }

        if (options.MaxExpiresSeconds < options.MinExpiresSeconds)
        {
            failures.Add($"{section}:MaxExpiresSeconds must not be below {section}:MinExpiresSeconds.");
        }

        if (options.DefaultExpiresSeconds < options.MinExpiresSeconds)
        {
            failures.Add($"{section}:DefaultExpiresSeconds must not be below {section}:MinExpiresSeconds.");
        }

        if (options.MaxContactsPerAddressOfRecord < 1)
        {
            failures.Add($"{section}:MaxContactsPerAddressOfRecord must be at least 1.");
        }

        if (options.SweepInterval <= TimeSpan.Zero)
        {
            failures.Add($"{section}:SweepInterval must be positive.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
