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

    /// <summary>For a CANCEL: the INVITE server transaction it matches (§9.2), or null (answer 481).</summary>
    public InviteServerTransaction? CancelledInvite { get; internal set; }

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

    private protected void Send(SipResponse response)
    {
        LastResponse = response;
        Context.Outbound.SendResponse(response, Peer);
    }
}
