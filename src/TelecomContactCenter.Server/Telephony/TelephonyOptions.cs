using System.Net;
using TelecomContactCenter.Sip.Messages;
using TelecomContactCenter.Sip.Transport;

namespace TelecomContactCenter.Server.Telephony;

/// <summary>How an access number is served.</summary>
internal enum AccessMode
{
    /// <summary>The service answers and runs the IVR flow (<see cref="IInboundCallHandler"/>).</summary>
    Ivr,

    /// <summary>The operator's own PBX/IVR asks for a decision: answered 302 with the target queue and routing headers.</summary>
    RoutingOnly,
}

/// <summary>One dialled number the trunk sends to us, section <c>Telephony:AccessNumbers:&lt;number&gt;</c>.</summary>
internal sealed class AccessNumberOptions
{
    /// <summary>"ivr" or "routing-only".</summary>
    public string Mode { get; set; } = "ivr";

    public static bool TryParseMode(string? text, out AccessMode mode)
    {
        switch (text?.Trim().ToLowerInvariant())
        {
            case "ivr":
                mode = AccessMode.Ivr;
                return true;
            case "routing-only" or "routingonly":
                mode = AccessMode.RoutingOnly;
                return true;
            default:
                mode = default;
                return false;
        }
    }
}

/// <summary>
/// Section <c>Telephony</c>: the access-number table and how calls on it are answered. The demo numbers are the
/// defaults (configuration adds to or overrides them by key): 10000 main line (IVR), 10001 routing-only.
/// </summary>
internal sealed class TelephonyOptions
{
    public const string Section = "Telephony";

    public Dictionary<string, AccessNumberOptions> AccessNumbers { get; } = new(StringComparer.Ordinal)
    {
        ["10000"] = new AccessNumberOptions { Mode = "ivr" },
        ["10001"] = new AccessNumberOptions { Mode = "routing-only" },
    };

    /// <summary>Host part of the queue URIs in 302 Contacts: sip:&lt;queue&gt;@&lt;QueueDomain&gt;.</summary>
    public string QueueDomain { get; set; } = "127.0.0.1";

    /// <summary>
    /// Upper bound on the routing lookup of a redirect. A slower profile source must not hold the caller's
    /// INVITE: past it the call goes to the general queue at standard priority, and the record says why.
    /// </summary>
    public TimeSpan DecisionTimeout { get; set; } = TimeSpan.FromMilliseconds(1500);

    /// <summary>Retry-After (seconds) on the 480 that IVR numbers answer until the IVR is in place.</summary>
    public int UnavailableRetryAfterSeconds { get; set; } = 60;

    /// <summary>
    /// Milestones waiting for the interaction writer. When full, a SIP outcome is counted and dropped (the call goes
    /// on); IVR paths and ACD saves wait for room.
    /// </summary>
    public int RecordQueueCapacity { get; set; } = 100_000;

    /// <summary>
    /// How long the interaction writer gathers SIP outcomes and IVR paths after the first one before it writes them
    /// in one transaction (an ACD save, which its call awaits, ends the gathering). Under load this turns a commit
    /// (and its fsync) per call into a few per second; zero writes at once.
    /// </summary>
    public TimeSpan RecordFlushDelay { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// Where callbacks are dialled: <c>sip:&lt;address&gt;:&lt;port&gt;</c> of the outbound trunk (an IP address; port 5060
    /// when left out). The Request-URI is <c>sip:&lt;E.164&gt;@&lt;address&gt;:&lt;port&gt;</c>. Empty: callbacks are offered to
    /// agents but nobody is dialled.
    /// </summary>
    public string OutboundTrunk { get; set; } = "";

    /// <summary>
    /// The user name the service answers the outbound trunk's digest challenge (401 or 407) with; empty when the trunk
    /// does not challenge (it must then accept the service's address).
    /// </summary>
    public string OutboundTrunkUser { get; set; } = "";

    /// <summary>The password for <see cref="OutboundTrunkUser"/> (keep it in user secrets or the environment, not in a file).</summary>
    public string OutboundTrunkPassword { get; set; } = "";

    /// <summary>
    /// Register with the outbound trunk as <see cref="OutboundTrunkUser"/> (for trunks that deliver calls only to a
    /// registered contact), refreshed before it expires; needs <see cref="OutboundTrunk"/> and the credentials.
    /// </summary>
    public bool OutboundTrunkRegister { get; set; }

    /// <summary>The registration expiry asked of the trunk (it may grant less).</summary>
    public TimeSpan OutboundTrunkRegisterExpiry { get; set; } = TimeSpan.FromHours(1);

    /// <summary>The outbound trunk's address, or null when none is configured (or it is malformed, which start-up refuses).</summary>
    public SipUri? OutboundTrunkUri =>
        AddressUri.TryParse(OutboundTrunk.Trim(), out var uri) && uri is SipUri { Scheme: "sip" } sip && IPAddress.TryParse(sip.Host, out _)
            ? sip
            : null;

    /// <summary>Where requests to the outbound trunk go (UDP, port 5060 when the URI names none), or null without a trunk.</summary>
    public SipPeer? OutboundTrunkPeer =>
        OutboundTrunkUri is { } trunk ? new SipPeer(SipTransportNames.Udp, new IPEndPoint(IPAddress.Parse(trunk.Host), trunk.Port ?? 5060)) : null;

    public IEnumerable<string> Validate()
    {
        if (OutboundTrunk.Length > 0 && OutboundTrunkUri is null)
        {
            yield return $"{Section}:{nameof(OutboundTrunk)} '{OutboundTrunk}' must be empty or sip:<IP address>[:<port>].";
        }

        if ((OutboundTrunkUser.Length == 0) != (OutboundTrunkPassword.Length == 0))
        {
            yield return $"{Section}:{nameof(OutboundTrunkUser)} and {Section}:{nameof(OutboundTrunkPassword)} must be set together (or both left empty).";
        }

        if (OutboundTrunkRegister && (OutboundTrunkUri is null || OutboundTrunkUser.Length == 0))
        {
            yield return $"{Section}:{nameof(OutboundTrunkRegister)} needs {Section}:{nameof(OutboundTrunk)} and {Section}:{nameof(OutboundTrunkUser)}.";
        }

        if (OutboundTrunkRegisterExpiry < TimeSpan.FromMinutes(1) || OutboundTrunkRegisterExpiry > TimeSpan.FromDays(1))
        {
            yield return $"{Section}:{nameof(OutboundTrunkRegisterExpiry)} must be between 00:01:00 and 1.00:00:00.";
        }

        foreach (var (number, access) in AccessNumbers)
        {
            if (number.Length == 0 || !number.All(c => char.IsAsciiDigit(c) || c is '+' or '*' or '#'))
            {
                yield return $"{Section}:AccessNumbers:{number} must be a dialled number (digits, +, *, #).";
            }

            if (!AccessNumberOptions.TryParseMode(access.Mode, out _))
            {
                yield return $"{Section}:AccessNumbers:{number}:Mode '{access.Mode}' must be 'ivr' or 'routing-only'.";
            }
        }

        if (string.IsNullOrWhiteSpace(QueueDomain) || QueueDomain.Any(c => char.IsWhiteSpace(c) || c is '@' or '<' or '>' or ';'))
        {
            yield return $"{Section}:QueueDomain must be a host name or address.";
        }

        if (DecisionTimeout <= TimeSpan.Zero || DecisionTimeout > TimeSpan.FromSeconds(30))
        {
            yield return $"{Section}:DecisionTimeout must be between 0 and 30 seconds.";
        }

        if (UnavailableRetryAfterSeconds is < 1 or > 86_400)
        {
            yield return $"{Section}:UnavailableRetryAfterSeconds must be between 1 and 86400.";
        }

        if (RecordQueueCapacity < 1)
        {
            yield return $"{Section}:RecordQueueCapacity must be at least 1.";
        }

        if (RecordFlushDelay < TimeSpan.Zero || RecordFlushDelay > TimeSpan.FromSeconds(10))
        {
            yield return $"{Section}:RecordFlushDelay must be between 00:00:00 and 00:00:10.";
        }
    }
}
