using TelecomContactCenter.Sip.Messages;
using TelecomContactCenter.Sip.Transport;

namespace TelecomContactCenter.Sip.Tests.UserAgent;

/// <summary>The UA's own Via and Contact for tests that drive it without transports: 127.0.0.1:5060.</summary>
internal sealed class LoopbackAddresses : ISipLocalAddresses
{
    public SipVia CreateVia(string transport, string branch) =>
        new SipVia(transport, "127.0.0.1", 5060).WithParameter("branch", branch);

    public SipUri CreateContactUri(string transport, string? user) => SipUri.Sip(user, "127.0.0.1", 5060);
}
