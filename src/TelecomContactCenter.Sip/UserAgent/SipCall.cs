using TelecomContactCenter.Sip.Dialogs;
using TelecomContactCenter.Sip.Messages;
using TelecomContactCenter.Sip.Transactions;
using TelecomContactCenter.Sip.Transport;

namespace TelecomContactCenter.Sip.UserAgent;

/// <summary>Where a call stands, as the host sees it.</summary>
public enum SipCallState
{
    /// <summary>INVITE received (or sent), no final response yet.</summary>
    Offered,
    /// <summary>200 OK sent, waiting for the ACK.</summary>
    Answered,
    Confirmed,
    Rejected,
    Cancelled,
    Ended,
}

/// <summary>How a call ended, as <see cref="SipCall.Ended"/> reports it.</summary>
public enum SipCallEndReason
{
    /// <summary>The peer sent BYE.</summary>
    RemoteBye,

    /// <summary>This side ended it with <see cref="SipCall.HangUpAsync"/> (BYE).</summary>
    LocalHangUp,

    /// <summary>The caller cancelled the INVITE before it was answered (CANCEL, 487).</summary>
    Cancelled,

    /// <summary>This side answered the INVITE with a final non-2xx response (reject or redirect).</summary>
    Rejected,

    /// <summary>Our 200 was never acknowledged (Timer L): the stack ended the call with BYE.</summary>
    AckTimeout,
}

/// <summary>
/// One call leg: the host answers, rejects or redirects an inbound INVITE through it, and ends either kind of
/// call with <see cref="HangUpAsync"/>. The call's own ACK, BYE, re-INVITE, CANCEL and ACK timeout go to whoever
/// holds it through <see cref="OnEvent"/>, in the order they arrived, and <see cref="Ended"/> completes however the
/// call ends. Thread-safe: the state changes under one lock; the INVITE transaction ignores any response after its
/// final one.
/// </summary>
public sealed class SipCall
{
    private readonly Lock _gate = new();
    private readonly SipUserAgent _agent;
    private readonly InviteServerTransaction? _invite;
    private readonly TaskCompletionSource<SipRequest?> _ack = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<SipCallEndReason> _ended = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Queue<DialogEvent> _pending = new();
    private Subscription[] _subscribers = [];
    private bool _delivering;

    internal SipCall(SipUserAgent agent, SipDialog dialog, SipRequest invite, SipPeer peer, InviteServerTransaction? transaction)
    {
        _agent = agent;
        Dialog = dialog;
        Invite = invite;
        Peer = peer;
        _invite = transaction;
        State = transaction is null ? SipCallState.Confirmed : SipCallState.Offered;
        if (transaction is null)
        {
            _ack.SetResult(null);
        }
    }

    public SipDialog Dialog { get; }

    public DialogId Id => Dialog.Id;

    public string CallId => Dialog.Id.CallId;

    /// <summary>The INVITE that created the call.</summary>
    public SipRequest Invite { get; }

    /// <summary>The peer the INVITE came from (inbound) or went to (outbound).</summary>
    public SipPeer Peer { get; }

    public SipCallState State { get; private set; }

    /// <summary>
    /// Completes once, when the call is over either way: the peer's BYE, our own hang-up, a CANCEL, our reject or
    /// redirect, or an unacknowledged 200. Never faults.
    /// </summary>
    public Task<SipCallEndReason> Ended => _ended.Task;

    /// <summary>
    /// Hears this call's dialog events (ACK, BYE, re-INVITE, CANCEL, ACK timeout) until the returned subscription is
    /// disposed. Events are delivered one at a time in the order they arrived, each to every subscriber in the order
    /// they subscribed, on a worker task; events that arrived before the first subscriber are kept and delivered to it.
    /// A re-INVITE left unanswered once every subscriber has returned (or that arrives while no one listens) gets 200
    /// with the last local session description.
    /// </summary>
    public IDisposable OnEvent(Func<DialogEvent, CancellationToken, ValueTask> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        var subscription = new Subscription(this, handler);
        bool deliver;
        lock (_gate)
        {
            _subscribers = [.. _subscribers, subscription];
            deliver = _pending.Count > 0 && !_delivering;
            _delivering |= deliver;
        }

        if (deliver)
        {
            _agent.DeliverEvents(this);
        }

        return subscription;
    }

    /// <summary>
    /// True for an inbound INVITE without a session description (RFC 3261 §13.2.1 "late offer"): the 200 must
    /// carry our offer, and the caller's answer arrives in the ACK (see <see cref="WaitForAckAsync"/>).
    /// </summary>
    public bool HasLateOffer => _invite is not null && Invite.Body.IsEmpty;

    /// <summary>The last session description we sent, offered again on an unanswered re-INVITE.</summary>
    public ReadOnlyMemory<byte> LocalBody { get; private set; }

    public string LocalContentType { get; private set; } = "application/sdp";

    /// <summary>Sends 18x (default 180 Ringing), optionally with early media.</summary>
    public bool SendProvisional(int statusCode = SipStatusCodes.Ringing, ReadOnlyMemory<byte> body = default, string contentType = "application/sdp")
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(statusCode, 101);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(statusCode, 199);
        return SendFinalOrProvisional(statusCode, null, body, contentType, null, null);
    }

    /// <summary>
    /// Sends 200 OK with our session description (the answer, or after a late offer our offer, which every
    /// retransmission of the 200 repeats); the call is Confirmed when the ACK arrives.
    /// </summary>
    public bool Answer(ReadOnlyMemory<byte> body, string contentType = "application/sdp", IEnumerable<SipHeader>? headers = null)
    {
        if (HasLateOffer && body.IsEmpty)
        {
            throw new ArgumentException("An INVITE without an offer must be answered with our offer (RFC 3261 §13.2.1).", nameof(body));
        }

        return SendFinalOrProvisional(SipStatusCodes.Ok, null, body, contentType, headers, SipCallState.Answered);
    }

    /// <summary>
    /// The ACK that confirmed our 200, once (retransmitted ACKs are absorbed); after a late offer its body is the
    /// caller's answer (RFC 3264 §5), empty if the caller sent none. Null when the call ended without it: no ACK
    /// before Timer L, rejected, cancelled or hung up first; an outbound call (we sent the ACK) gets null at once.
    /// </summary>
    public Task<SipRequest?> WaitForAckAsync(CancellationToken cancellationToken) => _ack.Task.WaitAsync(cancellationToken);

    public bool Reject(int statusCode, string? reasonPhrase = null, IEnumerable<SipHeader>? headers = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(statusCode, 300);
        return SendFinalOrProvisional(statusCode, reasonPhrase, default, null, headers, SipCallState.Rejected);
    }

    /// <summary>Sends 302 (or another 3xx) with one Contact per target and any extra headers (routing data).</summary>
    public bool Redirect(IEnumerable<AddressUri> targets, IEnumerable<SipHeader>? headers = null, int statusCode = SipStatusCodes.MovedTemporarily)
    {
        ArgumentNullException.ThrowIfNull(targets);
        var contacts = targets.Select(t => new SipHeader(SipHeaderNames.Contact, new NameAddress(t).ToString()));
        return SendFinalOrProvisional(statusCode, null, default, null, contacts.Concat(headers ?? []), SipCallState.Rejected);
    }

    /// <summary>Ends a call with BYE (§15.1.1); an inbound call not yet answered is rejected with 480 instead.</summary>
    public async Task<SipResponse?> HangUpAsync(CancellationToken cancellationToken)
    {
        if (_invite is not null && Reject(SipStatusCodes.TemporarilyUnavailable))
        {
            return null;
        }

        if (!MarkEnded(SipCallEndReason.LocalHangUp))
        {
            return null;
        }

        // The dialog ends with our BYE (§15.1.1): the user agent lets go of the call, or every call this side hung
        // up would stay in its table for the life of the process. The BYE's response comes by its transaction.
        var bye = Dialog.CreateRequest(SipMethod.Bye);
        _agent.Forget(this);
        return await _agent.SendInDialogAsync(this, bye, cancellationToken);
    }

    /// <summary>
    /// Sends a re-INVITE (§14.1) with a new session description, e.g. a hold (a=sendonly) or its release; a 2xx is
    /// acknowledged and <paramref name="body"/> becomes the local description. Returns the final response: 491
    /// when the peer was itself re-INVITing (§14.1 glare), 488 when it refused the description.
    /// </summary>
    public async Task<SipResponse> ReInviteAsync(ReadOnlyMemory<byte> body, string contentType, CancellationToken cancellationToken)
    {
        if (State is not (SipCallState.Confirmed or SipCallState.Answered))
        {
            throw new InvalidOperationException($"A call in state {State} cannot be re-INVITEd.");
        }

        var request = Dialog.CreateRequest(SipMethod.Invite);
        request.Body = body;
        request.ContentType = contentType;
        var response = await _agent.SendReInviteAsync(this, request, cancellationToken);
        if (response.IsSuccess)
        {
            RememberLocalBody(body, contentType);
        }

        return response;
    }

    /// <summary>
    /// Answers a re-INVITE the peer sent on this call (the <see cref="DialogEvent.Transaction"/> of a
    /// <see cref="DialogEventKind.ReInvite"/>); a 2xx carries our new description. False when it was answered.
    /// </summary>
    public bool AnswerReInvite(ServerTransaction transaction, int statusCode, ReadOnlyMemory<byte> body = default, string contentType = "application/sdp")
    {
        ArgumentNullException.ThrowIfNull(transaction);
        if (transaction.LastResponse is { IsFinal: true })
        {
            return false;
        }

        var response = _agent.CreateResponse(this, transaction.Request, statusCode, null);
        if (statusCode is >= 200 and < 300 && !body.IsEmpty)
        {
            response.Body = body;
            response.ContentType = contentType;
            RememberLocalBody(body, contentType);
        }

        transaction.Respond(response);
        return true;
    }

    /// <summary>Confirms the call; false for a retransmitted ACK, so the host hears of the ACK once.</summary>
    internal bool OnAck(SipRequest ack)
    {
        lock (_gate)
        {
            if (State != SipCallState.Answered)
            {
                return false;
            }

            State = SipCallState.Confirmed;
        }

        Dialog.Confirm();
        _ack.TrySetResult(ack);
        return true;
    }

    internal bool MarkEnded(SipCallEndReason reason)
    {
        lock (_gate)
        {
            if (State is SipCallState.Ended or SipCallState.Rejected or SipCallState.Cancelled)
            {
                return false;
            }

            State = SipCallState.Ended;
        }

        Dialog.Terminate();
        _ack.TrySetResult(null);
        _ended.TrySetResult(reason);
        return true;
    }

    internal bool MarkCancelled()
    {
        lock (_gate)
        {
            if (State != SipCallState.Offered)
            {
                return false;
            }

            State = SipCallState.Cancelled;
        }

        Dialog.Terminate();
        _ack.TrySetResult(null);
        _ended.TrySetResult(SipCallEndReason.Cancelled);
        return true;
    }

    /// <summary>
    /// Queues an event of this call for its subscribers; true when the caller must start delivery. A re-INVITE with
    /// no one listening is answered at once with the default answer (it is still kept for a later subscriber).
    /// </summary>
    internal bool Post(DialogEvent dialogEvent, out bool answerNow)
    {
        lock (_gate)
        {
            _pending.Enqueue(dialogEvent);
            answerNow = _subscribers.Length == 0 && dialogEvent.Kind == DialogEventKind.ReInvite;
            if (_delivering || _subscribers.Length == 0)
            {
                return false;
            }

            _delivering = true;
            return true;
        }
    }

    /// <summary>The next event to deliver and who hears it; false (and delivery stops) when none is left.</summary>
    internal bool TryTakeNext(out DialogEvent dialogEvent, out Subscription[] subscribers)
    {
        lock (_gate)
        {
            subscribers = _subscribers;
            if (subscribers.Length == 0 || !_pending.TryDequeue(out dialogEvent!))
            {
                _delivering = false;
                dialogEvent = null!;
                return false;
            }

            return true;
        }
    }

    private void Unsubscribe(Subscription subscription)
    {
        lock (_gate)
        {
            _subscribers = [.. _subscribers.Where(s => s != subscription)];
        }
    }

    internal void RememberLocalBody(ReadOnlyMemory<byte> body, string contentType)
    {
        LocalBody = body;
        LocalContentType = contentType;
    }

    private bool SendFinalOrProvisional(
        int statusCode, string? reasonPhrase, ReadOnlyMemory<byte> body, string? contentType, IEnumerable<SipHeader>? headers, SipCallState? next)
    {
        if (_invite is null)
        {
            throw new InvalidOperationException("Only an inbound call can be answered.");
        }

        lock (_gate)
        {
            if (State != SipCallState.Offered || _invite.HasFinalResponse)
            {
                return false;
            }

            State = next ?? State;
        }

        var response = _agent.CreateResponse(this, Invite, statusCode, reasonPhrase);
        foreach (var header in headers ?? [])
        {
            response.Headers.Add(header.Name, header.Value);
        }

        if (!body.IsEmpty)
        {
            response.Body = body;
            response.ContentType = contentType;
            RememberLocalBody(body, contentType!);
        }

        if (statusCode >= 300)
        {
            Dialog.Terminate();
            _agent.Forget(this);
            _ack.TrySetResult(null);
            _ended.TrySetResult(SipCallEndReason.Rejected);
        }

        _invite.Respond(response);
        return true;
    }

    /// <summary>One holder's interest in the call's events; disposing it stops delivery to that holder.</summary>
    internal sealed class Subscription(SipCall call, Func<DialogEvent, CancellationToken, ValueTask> handler) : IDisposable
    {
        public Func<DialogEvent, CancellationToken, ValueTask> Handler { get; } = handler;

        public void Dispose() => call.Unsubscribe(this);
    }
}
