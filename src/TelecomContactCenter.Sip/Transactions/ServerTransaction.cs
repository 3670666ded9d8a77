using TelecomContactCenter.Sip.Messages;
using TelecomContactCenter.Sip.Transport;

namespace TelecomContactCenter.Sip.Transactions;

/// <summary>A server transaction (RFC 3261 §17.2): the transaction user answers through <see cref="Respond"/>.</summary>
public abstract class ServerTransaction : SipTransaction
{
    private protected ServerTransaction(SipRequest request, SipPeer source, string key, TransactionContext context)
        : base(request, source, key, context)
    {
    }

    /// <summary>The last response sent, resent when the request is retransmitted.</summary>
    public SipResponse? LastResponse { get; private protected set; }

    private Action<ServerTransaction, TimeSpan>? _onRetired;

    /// <summary>For a CANCEL: the INVITE server transaction it matches (§9.2), or null (answer 481).</summary>
    public InviteServerTransaction? CancelledInvite { get; internal set; }

    /// <summary>True when the transaction ended by handing its last state to the layer's compact record.</summary>
    internal bool IsRetired { get; private set; }

    internal void OnRetired(Action<ServerTransaction, TimeSpan> callback) => _onRetired = callback;

    /// <summary>Sends a response and moves the state machine. Responses after the final one are ignored.</summary>
    public void Respond(SipResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        Action? after;
        lock (Gate)
        {
            OnRespond(response);
            after = TakeDeferred();
        }

        after?.Invoke();
    }

    /// <summary>Shortcut: a response built from the request per §8.2.6.</summary>
    public SipResponse Respond(int statusCode, string? reasonPhrase = null, string? toTag = null)
    {
        var response = SipResponse.CreateFor(Request, statusCode, reasonPhrase, toTag);
        Respond(response);
        return response;
    }

    internal void OnRetransmission(SipRequest request)
    {
        Action? after;
        lock (Gate)
        {
            OnRequestRetransmitted(request);
            after = TakeDeferred();
        }

        after?.Invoke();
    }

    private protected abstract void OnRespond(SipResponse response);

    private protected abstract void OnRequestRetransmitted(SipRequest request);

    /// <summary>
    /// Ends this object in a state whose only remaining duty is to absorb retransmissions for
    /// <paramref name="holdFor"/> (INVITE Confirmed until Timer I, non-INVITE Completed until Timer J, which also
    /// resends <see cref="LastResponse"/>). The layer keeps a compact record for that time instead of the request,
    /// response and timers, so what thousands of finished transactions hold is a key each, not their messages.
    /// </summary>
    private protected void Retire(TimeSpan holdFor)
    {
        if (State == TransactionState.Terminated)
        {
            return;
        }

        IsRetired = true;

        // The record must exist before the layer forgets the transaction, or a retransmission in between would
        // be taken for a new request.
        if (_onRetired is { } retired)
        {
            Defer(() => retired(this, holdFor));
        }

        Terminate();
    }

    private protected void Send(SipResponse response)
    {
        LastResponse = response;
        Context.Outbound.SendResponse(response, Peer);
    }
}
