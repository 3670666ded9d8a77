using TelecomContactCenter.Sip.Messages;

namespace TelecomContactCenter.Sip.Transport;

/// <summary>A parsed, valid message and where it came from; requests already carry received/rport.</summary>
public sealed record InboundMessage(SipMessage Message, SipPeer Source);
