namespace TelecomContactCenter.Sip.Protection;

/// <summary>
/// Protection settings, read from the <c>Sip</c> section: <c>Sip:TrustedTrunks</c> (addresses or CIDRs, IPv4 or
/// IPv6), <c>Sip:RateLimit:*</c> and <c>Sip:Overload:*</c>. Lists start empty because configuration binding
/// appends to pre-filled lists.
/// </summary>
public sealed class SipProtectionOptions
{
    public const string SectionName = "Sip";

    /// <summary>Carriers' and upstream PBXs' signalling addresses: INVITEs and P-Asserted-Identity are trusted from these.</summary>
    public IList<string> TrustedTrunks { get; } = [];

    public SourceRateLimitOptions RateLimit { get; } = new();

    public OverloadOptions Overload { get; } = new();
}

public sealed class SourceRateLimitOptions
{
    /// <summary>Sustained requests per second allowed from one source address.</summary>
    public double RequestsPerSecond { get; set; } = 50;

    /// <summary>Requests a quiet source may send at once before the sustained rate applies.</summary>
    public int Burst { get; set; } = 100;

    /// <summary>Upper bound on remembered sources; idle ones are evicted to stay under it.</summary>
    public int MaxTrackedSources { get; set; } = 10_000;

    /// <summary>Trunks carry many callers' traffic and are capacity-planned, so they are not limited by default.</summary>
    public bool ExemptTrustedTrunks { get; set; } = true;
}

public sealed class OverloadOptions
{
    public int MaxInFlightTransactions { get; set; } = 2_000;

    public int MaxQueueDepth { get; set; } = 5_000;

    public int RetryAfterSeconds { get; set; } = 5;
}
