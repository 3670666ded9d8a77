using TelecomContactCenter.Sip.Messages;
using TelecomContactCenter.Sip.Transport;

namespace TelecomContactCenter.Sip.Transactions;

/// <summary>
/// A client transaction (RFC 3261 §17.1). Every response the transaction user must see goes to the callback;
/// a timeout arrives there as a locally generated 408 (§8.1.3.1).
/// </summary>
public abstract class ClientTransaction : SipTransaction
{
    private readonly Action<ClientTransaction, SipResponse> _onResponse;

    private protected ClientTransaction(
        SipRequest request, SipPeer destination, string key, TransactionContext context, Action<ClientTransaction, SipResponse> onResponse)
        : base(request, destination, key, context)
    {
        _onResponse = onResponse;
    }

    internal void Start()
    {
        Action? after;
        lock (Gate)
        {
            Context.Outbound.SendRequest(Request, Peer);
            OnStarted();
            after = TakeDeferred();
        }

        after?.Invoke();
    }

    internal void OnResponse(SipResponse response)
    {
        Action? after;
        lock (Gate)
        {
            OnResponseReceived(response);
            after = TakeDeferred();
        }

        after?.Invoke();
    }

    private protected abstract void OnStarted();

    private protected abstract void OnResponseReceived(SipResponse response);

    private protected void PassUp(SipResponse response) => Defer(() => _onResponse(this, response));

    private protected void TimeOut()
    {
        var timeout = SipResponse.CreateFor(Request, SipStatusCodes.RequestTimeout);
        Terminate();
        PassUp(timeout);
    }

    private protected void Retransmit() => Context.Outbound.SendRequest(Request, Peer);

    private protected static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;
}
