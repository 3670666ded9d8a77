using TelecomContactCenter.Sip.Messages;

namespace TelecomContactCenter.Sip.Dialogs;

/// <summary>Dialog states of RFC 3261 §12.</summary>
public enum DialogState
{
    Early,
    Confirmed,
    Terminated,
}

/// <summary>
/// The dialog state of RFC 3261 §12: identity, local and remote URIs, remote target, route set and CSeq counters.
/// Builds in-dialog requests (§12.2.1.1) and checks in-dialog CSeq order (§12.2.2). Thread-safe: mutable state
/// changes under one lock.
/// </summary>
public sealed class SipDialog
{
    private readonly Lock _gate = new();
    private long _localSequence;
    private long? _remoteSequence;

    private SipDialog(DialogId id, NameAddress localAddress, NameAddress remoteAddress, AddressUri remoteTarget,
        IReadOnlyList<NameAddress> routeSet, long localSequence, long? remoteSequence, bool isServer)
    {
        Id = id;
        LocalAddress = localAddress;
        RemoteAddress = remoteAddress;
        RemoteTarget = remoteTarget;
        RouteSet = routeSet;
        _localSequence = localSequence;
        _remoteSequence = remoteSequence;
        IsServer = isServer;
    }

    public DialogId Id { get; }

    /// <summary>Our From in requests we send (with our tag).</summary>
    public NameAddress LocalAddress { get; }

    /// <summary>Their address (with their tag), the To of requests we send.</summary>
    public NameAddress RemoteAddress { get; }

    /// <summary>Where in-dialog requests go: the peer's Contact, updated by target refreshes.</summary>
    public AddressUri RemoteTarget { get; private set; }

    public IReadOnlyList<NameAddress> RouteSet { get; }

    /// <summary>True when we were the UAS of the request that created the dialog.</summary>
    public bool IsServer { get; }

    public DialogState State { get; private set; } = DialogState.Early;

    /// <summary>UAS side (§12.1.1): route set from Record-Route in order, remote target from Contact.</summary>
    public static SipDialog CreateAsServer(SipRequest request, string localTag)
    {
        ArgumentNullException.ThrowIfNull(request);
        var from = request.From ?? throw new ArgumentException("The request has no From.", nameof(request));
        var to = request.To!.WithTag(localTag);
        var target = request.Contacts is [var contact, ..] ? contact.Uri : from.Uri;
        var id = new DialogId(request.CallId!, localTag, from.Tag ?? string.Empty);
        return new SipDialog(id, to, from, target, request.RecordRoutes, 0, request.CSeq!.Value.Number, isServer: true);
    }

    /// <summary>UAC side (§12.1.2): route set from the response's Record-Route reversed.</summary>
    public static SipDialog CreateAsClient(SipRequest request, SipResponse response)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(response);
        var to = response.To ?? throw new ArgumentException("The response has no To.", nameof(response));
        var target = response.Contacts is [var contact, ..] ? contact.Uri : request.RequestUri;
        var routes = response.RecordRoutes.Reverse().ToList();
        var id = new DialogId(request.CallId!, request.From!.Tag ?? string.Empty, to.Tag ?? string.Empty);
        return new SipDialog(id, request.From!, to, target, routes, request.CSeq!.Value.Number, null, isServer: false);
    }

    public void Confirm()
    {
        lock (_gate)
        {
            if (State == DialogState.Early)
            {
                State = DialogState.Confirmed;
            }
        }
    }

    public void Terminate()
    {
        lock (_gate)
        {
            State = DialogState.Terminated;
        }
    }

    /// <summary>§12.2.2: a CSeq lower than the last one is out of order (answer 500); ACK and CANCEL are exempt.</summary>
    public bool TryAcceptRemoteSequence(SipRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Method is SipMethod.Ack or SipMethod.Cancel)
        {
            return true;
        }

        var number = request.CSeq!.Value.Number;
        lock (_gate)
        {
            if (_remoteSequence is { } last && number <= last)
            {
                return false;
            }

            _remoteSequence = number;
            if (request.Method == SipMethod.Invite && request.Contacts is [var contact, ..])
            {
                RemoteTarget = contact.Uri;
            }

            return true;
        }
    }

    /// <summary>A request within the dialog (§12.2.1.1): next CSeq, tags, remote target and route set.</summary>
    public SipRequest CreateRequest(string method)
    {
        long sequence;
        lock (_gate)
        {
            sequence = method == SipMethod.Ack ? _localSequence : ++_localSequence;
        }

        return CreateRequest(method, sequence);
    }

    /// <summary>The ACK for a 2xx to the INVITE with <paramref name="inviteSequence"/> (§13.2.2.4).</summary>
    public SipRequest CreateAck(long inviteSequence) => CreateRequest(SipMethod.Ack, inviteSequence);

    private SipRequest CreateRequest(string method, long sequence)
    {
        var strictRoute = RouteSet.Count > 0 && RouteSet[0].Uri is SipUri first && !first.IsLooseRouter;
        var requestUri = strictRoute ? ((SipUri)RouteSet[0].Uri).WithoutParameter("lr") : RemoteTarget;
        var request = SipRequest.Create(method, requestUri, LocalAddress, RemoteAddress, Id.CallId, sequence);
        var routes = strictRoute ? RouteSet.Skip(1).Append(new NameAddress(RemoteTarget)) : RouteSet;
        foreach (var route in routes)
        {
            request.Headers.Add(SipHeaderNames.Route, route.ToString());
        }

        return request;
    }
}
