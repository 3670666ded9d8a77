namespace TelecomContactCenter.Server.Auth;

internal sealed class AuthOptions
{
    public const string Section = "Auth";

    /// <summary>Wrong passwords for one account from one address before that address waits <see cref="LockoutDuration"/>.</summary>
    public int MaxFailedAccessAttempts { get; set; } = 5;

    public TimeSpan LockoutDuration { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Failures (account and address) answered at once; each further attempt waits a doubling delay.</summary>
    public int FreeSignInAttempts { get; set; } = 2;

    /// <summary>The first progressive delay after <see cref="FreeSignInAttempts"/> failures.</summary>
    public TimeSpan SignInDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Wrong passwords from one address, across all accounts, before it waits <see cref="LockoutDuration"/>.</summary>
    public int SourceMaxFailedSignIns { get; set; } = 20;

    /// <summary>Reverse proxies whose X-Forwarded-For names the client (addresses); none trusted when empty.</summary>
    public IList<string> TrustedProxies { get; } = [];

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

        if (FreeSignInAttempts < 0 || FreeSignInAttempts >= MaxFailedAccessAttempts)
        {
            yield return $"{Section}:{nameof(FreeSignInAttempts)} must be between 0 and {nameof(MaxFailedAccessAttempts)} - 1.";
        }

        if (SignInDelay <= TimeSpan.Zero || SignInDelay > LockoutDuration)
        {
            yield return $"{Section}:{nameof(SignInDelay)} must be positive and at most {nameof(LockoutDuration)}.";
        }

        if (SourceMaxFailedSignIns < MaxFailedAccessAttempts)
        {
            yield return $"{Section}:{nameof(SourceMaxFailedSignIns)} must be at least {nameof(MaxFailedAccessAttempts)}.";
        }

        for (var i = 0; i < TrustedProxies.Count; i++)
        {
            if (!System.Net.IPAddress.TryParse(TrustedProxies[i], out _))
            {
                yield return $"{Section}:{nameof(TrustedProxies)}:{i} '{TrustedProxies[i]}' is not an IP address.";
            }
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
