using TelecomContactCenter.Sip.Messages;
using TelecomContactCenter.Sip.Transport;

namespace TelecomContactCenter.Sip.Transactions;

/// <summary>
/// Where transactions hand messages to the network. Calls never wait for a peer: the real implementation sends
/// UDP at once (a <c>sendto</c> does not wait) and queues stream sends to a loop, so a timer callback or a lock
/// holder can send.
/// </summary>
public interface ISipOutbound
{
    void SendRequest(SipRequest request, SipPeer destination);

    /// <summary>Sends a response routed from the request's source per RFC 3261 §18.2.2.</summary>
    void SendResponse(SipResponse response, SipPeer requestSource);
}
