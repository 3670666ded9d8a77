namespace TelecomContactCenter.Sip.Identity;

/// <summary>How far the product may rely on a caller identity.</summary>
public enum IdentityConfidence
{
    /// <summary>No identity at all, or the network said it is unavailable.</summary>
    Unknown,

    /// <summary>P-Asserted-Identity, or Remote-Party-ID with screen=yes, from a trusted trunk.</summary>
    NetworkAsserted,

    /// <summary>From the caller's own From (or an unscreened or untrusted header): may be spoofed.</summary>
    UserProvided,

    /// <summary>The caller asked for privacy or presented an anonymous identity; no number may be shown.</summary>
    Withheld,

    /// <summary>The header that should carry the identity could not be parsed.</summary>
    Unparseable,
}

/// <summary>Which header the identity was taken from.</summary>
public enum IdentityHeader
{
    None,
    PAssertedIdentity,
    RemotePartyId,
    From,
}

/// <summary>One Diversion entry (RFC 5806), most recent redirection first, kept for the call record.</summary>
public sealed record DiversionEntry(string Value, string? Raw, string? E164, string? Reason, int? Counter);

/// <summary>
/// The caller as the contact centre should see them. <see cref="Raw"/> is the URI user part or tel number exactly
/// as received; <see cref="E164"/> its normalised form when it is a subscriber number. A withheld identity carries
/// no number or name, except <see cref="TrustDomainE164"/> when a trusted trunk asserted it: RFC 3325 lets the
/// trust domain use it (customer lookup, routing) but it must never be shown to agents or logged.
/// ToString masks the numbers so a log line cannot leak them.
/// </summary>
public sealed record CallerIdentity
{
    public required IdentityConfidence Confidence { get; init; }

    public required IdentityHeader Source { get; init; }

    public string? Raw { get; init; }

    public string? E164 { get; init; }

    public string? DisplayName { get; init; }

    public string? TrustDomainE164 { get; init; }

    public IReadOnlyList<DiversionEntry> Diversions { get; init; } = [];

    public bool IsWithheld => Confidence == IdentityConfidence.Withheld;

    public override string ToString() =>
        $"CallerIdentity {{ Confidence = {Confidence}, Source = {Source}, E164 = {PhoneNumberMask.Mask(E164)}, "
        + $"Diversions = {Diversions.Count} }}";
}
