using System.Net;

namespace TelecomContactCenter.Sip.Transport;

/// <summary>
/// The far end of a message: the transport it used, its address, and for stream transports the connection it
/// arrived on, so responses go back on the same connection (RFC 3261 §18.2.2).
/// </summary>
public sealed record SipPeer(string Transport, IPEndPoint RemoteEndPoint, long? ConnectionId = null)
{
    public bool IsReliable => Transport != SipTransportNames.Udp;

    public override string ToString() => $"{Transport}:{RemoteEndPoint}";
}

/// <summary>Transport tokens as written in Via (§20.42).</summary>
public static class SipTransportNames
{
    public const string Udp = "UDP";
    public const string Tcp = "TCP";
    public const string Tls = "TLS";

    /// <summary>
    /// The transport a URI asks for: TLS for a sips: URI or transport=tls (RFC 5630 §3), TCP for transport=tcp, UDP
    /// otherwise (RFC 3263 §4.1 without NAPTR).
    /// </summary>
    public static string For(Messages.SipUri uri)
    {
        ArgumentNullException.ThrowIfNull(uri);
        return uri.IsSecure || uri.Transport == "tls" ? Tls : uri.Transport == "tcp" ? Tcp : Udp;
    }
}
