using TelecomContactCenter.Sip.Messages;

namespace TelecomContactCenter.Sip.Transport;

/// <summary>Our own addresses per transport, for the Via and Contact of what we send.</summary>
public interface ISipLocalAddresses
{
    SipVia CreateVia(string transport, string branch);

    SipUri CreateContactUri(string transport, string? user);
}
