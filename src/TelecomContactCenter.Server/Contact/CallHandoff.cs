using TelecomContactCenter.Core.Customers;
using TelecomContactCenter.Core.Routing;

namespace TelecomContactCenter.Server.Contact;

/// <summary>Who the caller is, as the SIP layer identified them. Confidence: NetworkAsserted, UserProvided, IvrVerified, SeveralMatches, Withheld, Unknown.</summary>
internal sealed record CallerIdentityInfo(string? Raw, string? E164, string Confidence)
{
    public bool IsWithheld => Confidence == "Withheld";

    /// <summary>The identity of a call queued without a SIP leg, for its owner: a confidence the SIP layer does not know is Unknown.</summary>
    public Sip.Identity.CallerIdentity ToIdentity() => new()
    {
        Confidence = Enum.TryParse<Sip.Identity.IdentityConfidence>(Confidence, out var confidence) && Enum.IsDefined(confidence)
            ? confidence : Sip.Identity.IdentityConfidence.Unknown,
        Source = Sip.Identity.IdentityHeader.None,
        Raw = IsWithheld ? null : Raw,
        E164 = IsWithheld ? null : E164,
    };
}

/// <summary>
/// A call handed from the IVR (or the SIP layer directly) to the ACD. <see cref="Tier"/> and <see cref="Stage"/> are
/// what the IVR already knew; when null the profile lookup decides, and the default tier applies when it fails. In a
/// cluster it is the enqueue message a node sends the ACD leader (JSON over the internal API): everything but the
/// lookup in flight crosses, and <see cref="Node"/> names the node that owns the call's SIP leg and media.
/// </summary>
internal sealed record CallHandoff
{
    public required CallId CallId { get; init; }

    public required CallerIdentityInfo Caller { get; init; }

    /// <summary>The number the customer is looked up by (usually <see cref="CallerIdentityInfo.E164"/>).</summary>
    public string? CustomerPhone { get; init; }

    /// <summary>
    /// The lookup of <see cref="CustomerPhone"/> the call already made (the IVR's, shared with the pop so the customer
    /// source is asked once per call); null when none was made and the pop looks the customer up itself.
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public Task<Bss.CustomerLookupResult>? CustomerLookup { get; init; }

    public ValueTier? Tier { get; init; }

    public string? Stage { get; init; }

    public IReadOnlyList<string> IvrPath { get; init; } = [];

    public string? IvrDigits { get; init; }

    public required string Queue { get; init; }

    public int PriorityBonus { get; init; }

    /// <summary>Skill → minimum level; empty means the queue's configured skills.</summary>
    public IReadOnlyDictionary<string, int> Skills { get; init; } = new Dictionary<string, int>();

    public string? PreferredAgent { get; init; }

    public TimeSpan? PreferredAgentTimeout { get; init; }

    /// <summary>Set when the dialler offers a booked callback: the pop says so and the record's channel is "Callback".</summary>
    public CallbackOffer? Callback { get; init; }

    /// <summary>
    /// The node that owns the call (its SIP leg and media), set when the call is handed over in a cluster: the ACD
    /// leader rings, cancels, holds and hangs up through that node, and the call's record carries it so the node's
    /// failure ends the call. Null on a single node.
    /// </summary>
    public string? Node { get; init; }

    /// <summary>
    /// When the call first joined a queue, for a call the ACD takes over from a leader that died (its place in the
    /// queue is kept); null for a call queued now.
    /// </summary>
    public DateTimeOffset? QueuedAt { get; init; }
}

/// <summary>
/// A booked callback offered as a call: which one, when the customer asked, and whether the service dials the
/// customer once the agent answers (false without an outbound trunk: the agent calls them some other way).
/// </summary>
internal sealed record CallbackOffer(long Id, DateTimeOffset RequestedAt, bool Dialled)
{
    public string PopText => $"Callback requested {RequestedAt.ToUniversalTime():yyyy-MM-dd HH:mm} UTC" + (Dialled
        ? "; the customer is dialled when you answer"
        : "; not dialled: no outbound trunk is configured, call the customer yourself and mark the callback done");
}

/// <summary>The call side's entry point into the ACD: the IVR hands calls over, the SIP layer reports answers and hang-ups.</summary>
internal interface ICallEntry
{
    /// <summary>Looks the caller up, builds the screen pop and queues the call; offers follow at once if an agent is free.</summary>
    Task<EnqueueResult> EnqueueAsync(CallHandoff call, CancellationToken cancellationToken);

    /// <summary>The caller hung up while queued or ringing; a ringing agent is cancelled.</summary>
    Task AbandonAsync(CallId callId, CancellationToken cancellationToken);

    /// <summary>The agent answered (200 OK from their phone, or AcceptCall on the desktop). False for a late or unknown answer.</summary>
    Task<bool> CallAnsweredAsync(CallId callId, AgentId agentId, CancellationToken cancellationToken);

    /// <summary>BYE on either leg: the agent enters wrap-up.</summary>
    Task CallEndedAsync(CallId callId, CancellationToken cancellationToken);
}

internal sealed record EnqueueResult(CallId CallId, string Queue, ValueTier? Tier, bool ProfileAvailable, QueuePosition? Position);
