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

    public BanOptions Bans { get; } = new();

    public SecurityEventOptions SecurityEvents { get; } = new();

    /// <summary>
    /// User-Agent fragments (case-insensitive) of known SIP scanners; their requests are dropped unanswered and their
    /// source banned. Empty means the built-in list (<see cref="DefaultScannerUserAgents"/>).
    /// </summary>
    public IList<string> ScannerUserAgents { get; } = [];

    public static IReadOnlyList<string> DefaultScannerUserAgents { get; } =
        ["friendly-scanner", "sipvicious", "sipcli", "VaxSIPUserAgent", "sundayddr", "iWar", "sip-scan", "SIVuS", "smap"];

    public IReadOnlyList<string> EffectiveScannerUserAgents =>
        ScannerUserAgents.Count == 0 ? DefaultScannerUserAgents : [.. ScannerUserAgents];
}

/// <summary>
/// Per-source auto-ban (<c>Sip:Bans</c>): <see cref="Threshold"/> strikes (wrong digest responses, INVITEs from
/// sources that may not call, scanner requests) within <see cref="Window"/> ban the source for
/// <see cref="Duration"/>. A credential-less request that is only challenged is never a strike.
/// </summary>
public sealed class BanOptions
{
    public bool Enabled { get; set; } = true;

    public int Threshold { get; set; } = 20;

    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(2);

    public TimeSpan Duration { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Addresses or CIDR blocks never banned (an office's NAT, a monitoring host); trunks never are.</summary>
    public IList<string> NeverBan { get; } = [];

    /// <summary>Upper bound on sources with strikes or bans remembered; when full, the oldest are forgotten.</summary>
    public int MaxTrackedSources { get; set; } = 10_000;
}

/// <summary>Where security events go besides the ordinary log (<c>Sip:SecurityEvents</c>).</summary>
public sealed class SecurityEventOptions
{
    /// <summary>A file that gets one timestamped line per event, for fail2ban; none when empty.</summary>
    public string? FilePath { get; set; }

    /// <summary>Interval of the summary line that counts refused requests (one line per interval at most).</summary>
    public TimeSpan RefusalSummaryInterval { get; set; } = TimeSpan.FromSeconds(10);
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

    /// <summary>
    /// Server transactions kept at once, weighted by memory (one for each in progress, a sixteenth for each finished
    /// one absorbing retransmissions): above it new requests are answered 503 statelessly, so a flood's memory is
    /// bounded by this number, not by its rate.
    /// </summary>
    public int MaxServerTransactions { get; set; } = 20_000;
}
