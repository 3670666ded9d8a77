namespace TelecomContactCenter.Sip.Messages;

/// <summary>Header field names of RFC 3261 §20 and their compact forms (§7.3.3).</summary>
public static class SipHeaderNames
{
    public const string Accept = "Accept";
    public const string Allow = "Allow";
    public const string Authorization = "Authorization";
    public const string CallId = "Call-ID";
    public const string Contact = "Contact";
    public const string ContentEncoding = "Content-Encoding";
    public const string ContentLength = "Content-Length";
    public const string ContentType = "Content-Type";
    public const string CSeq = "CSeq";
    public const string Date = "Date";
    public const string Event = "Event";
    public const string Expires = "Expires";
    public const string From = "From";
    public const string MaxForwards = "Max-Forwards";
    public const string ProxyAuthenticate = "Proxy-Authenticate";
    public const string ProxyAuthorization = "Proxy-Authorization";
    public const string RecordRoute = "Record-Route";
    public const string ReferTo = "Refer-To";
    public const string ReferredBy = "Referred-By";
    public const string Require = "Require";
    public const string Route = "Route";
    public const string Server = "Server";
    public const string Subject = "Subject";
    public const string Supported = "Supported";
    public const string Timestamp = "Timestamp";
    public const string To = "To";
    public const string Unsupported = "Unsupported";
    public const string UserAgent = "User-Agent";
    public const string Via = "Via";
    public const string WwwAuthenticate = "WWW-Authenticate";
    public const string AllowEvents = "Allow-Events";
    public const string SessionExpires = "Session-Expires";

    private static readonly Dictionary<string, string> Canonical = new(StringComparer.OrdinalIgnoreCase)
    {
        ["i"] = CallId,
        ["m"] = Contact,
        ["e"] = ContentEncoding,
        ["l"] = ContentLength,
        ["c"] = ContentType,
        ["f"] = From,
        ["s"] = Subject,
        ["k"] = Supported,
        ["t"] = To,
        ["v"] = Via,
        ["o"] = Event,
        ["u"] = AllowEvents,
        ["r"] = ReferTo,
        ["b"] = ReferredBy,
        ["x"] = SessionExpires,
        [Accept] = Accept,
        [Allow] = Allow,
        [Authorization] = Authorization,
        [CallId] = CallId,
        [Contact] = Contact,
        [ContentEncoding] = ContentEncoding,
        [ContentLength] = ContentLength,
        [ContentType] = ContentType,
        [CSeq] = CSeq,
        [Date] = Date,
        [Event] = Event,
        [Expires] = Expires,
        [From] = From,
        [MaxForwards] = MaxForwards,
        [ProxyAuthenticate] = ProxyAuthenticate,
        [ProxyAuthorization] = ProxyAuthorization,
        [RecordRoute] = RecordRoute,
        [ReferTo] = ReferTo,
        [ReferredBy] = ReferredBy,
        [Require] = Require,
        [Route] = Route,
        [Server] = Server,
        [Subject] = Subject,
        [Supported] = Supported,
        [Timestamp] = Timestamp,
        [To] = To,
        [Unsupported] = Unsupported,
        [UserAgent] = UserAgent,
        [Via] = Via,
        [WwwAuthenticate] = WwwAuthenticate,
        [AllowEvents] = AllowEvents,
        [SessionExpires] = SessionExpires,
    };

    private static readonly Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> CanonicalBySpan =
        Canonical.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>
    /// Headers whose grammar is not a comma-separated list, or whose values contain unquoted commas, so several
    /// values can never be combined on one line (§7.3.1).
    /// </summary>
    private static readonly HashSet<string> SingleValued = new(StringComparer.OrdinalIgnoreCase)
    {
        CallId, ContentLength, ContentType, CSeq, Date, Expires, From, MaxForwards, To, Subject, Timestamp,
        Authorization, ProxyAuthorization, WwwAuthenticate, ProxyAuthenticate, Server, UserAgent,
        ReferTo, ReferredBy, SessionExpires, Event, "Retry-After", "Privacy", "Identity", "Organization",
    };

    /// <summary>The long form with its usual casing for known names and compact forms; other names unchanged.</summary>
    public static string Normalize(string name) => Canonical.TryGetValue(name, out var canonical) ? canonical : name;

    /// <summary>As <see cref="Normalize(string)"/>, from a slice of a message: a known name costs no new string.</summary>
    public static string Normalize(ReadOnlySpan<char> name) => CanonicalBySpan.TryGetValue(name, out var canonical) ? canonical : name.ToString();

    /// <summary>True when a value of this header may be a comma-separated list of several values.</summary>
    public static bool IsList(string name) => !SingleValued.Contains(Normalize(name));
}
