using TelecomContactCenter.Sip.Messages;
using TelecomContactCenter.Sip.Transport;

namespace TelecomContactCenter.Sip.Transactions;

/// <summary>The transaction user (UA core or dialog layer) the transaction layer reports to.</summary>
public interface ISipTransactionUser
{
    /// <summary>A new request in a new server transaction; never a retransmission. A CANCEL carries the INVITE
    /// transaction it matches in <see cref="ServerTransaction.CancelledInvite"/>.</summary>
    void OnRequest(ServerTransaction transaction);

    /// <summary>An ACK for a 2xx (its own transaction, §17.1.1.3); ACKs for non-2xx are absorbed below.</summary>
    void OnAck(SipRequest ack, SipPeer source);

    /// <summary>A response that matches no client transaction (e.g. a 2xx retransmitted after Timer M).</summary>
    void OnStrayResponse(SipResponse response, SipPeer source);
}
