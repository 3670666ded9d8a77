namespace TelecomContactCenter.Server.Auth;

internal sealed class AuthOptions
{
    public const string Section = "Auth";

    public int MaxFailedAccessAttempts { get; set; } = 5;

    public TimeSpan LockoutDuration { get; set; } = TimeSpan.FromMinutes(5);

    public TimeSpan AccessTokenLifetime { get; set; } = TimeSpan.FromHours(8);

    /// <summary>Digest realm the SIP registrar challenges with; HA1 values depend on it.</summary>
    public string SipRealm { get; set; } = "contactcenter";

    public IEnumerable<string> Validate()
    {
        if (MaxFailedAccessAttempts < 1)
        {
            yield return $"{Section}:{nameof(MaxFailedAccessAttempts)} must be at least 1.";
        }

        if (LockoutDuration <= TimeSpan.Zero)
        {
            yield return $"{Section}:{nameof(LockoutDuration)} must be positive.";
        }

        if (AccessTokenLifetime <= TimeSpan.Zero)
        {
            yield return $"{Section}:{nameof(AccessTokenLifetime)} must be positive.";
        }

        if (string.IsNullOrWhiteSpace(SipRealm))
        {
            yield return $"{Section}:{nameof(SipRealm)} must not be empty.";
        }
    }
}

internal static class Roles
{
    public const string Agent = "Agent";
    public const string Supervisor = "Supervisor";
    public const string Admin = "Admin";

    public static readonly IReadOnlyList<string> All = [Agent, Supervisor, Admin];
}

internal static class Policies
{
    /// <summary>Supervisors and admins: reassigning owners, overriding tiers, reports.</summary>
    public const string Supervision = "Supervision";

    /// <summary>Anyone who handles customers: agents, supervisors, admins.</summary>
    public const string CustomerHandling = "CustomerHandling";
}
