using System.Net;

namespace TelecomContactCenter.Sip.Transport;

/// <summary>Where the SIP transports listen (configuration section "Sip:Transport"). Port 0 asks for an ephemeral port.</summary>
public sealed class SipTransportOptions
{
    public string Address { get; set; } = "127.0.0.1";

    /// <summary>
    /// The address peers reach the service at, written in Via, Contact and the service's own URIs instead of the
    /// bound <see cref="Address"/> (a container or a NAT in front). Required when <see cref="Address"/> is 0.0.0.0 or
    /// ::, which say where to listen, not where to be reached; empty otherwise means the bound address.
    /// </summary>
    public string? AdvertisedAddress { get; set; }

    public int UdpPort { get; set; } = 5060;

    public int TcpPort { get; set; } = 5060;

    /// <summary>
    /// SIP over TLS listens here (RFC 3261 §26.3.1; 5061 is the registered port) only when
    /// <see cref="TlsCertificatePath"/> is set: without a certificate there is no TLS listener at all.
    /// </summary>
    public int TlsPort { get; set; } = 5061;

    /// <summary>PEM file with the service's certificate first, then any intermediates. Setting it turns TLS on.</summary>
    public string? TlsCertificatePath { get; set; }

    /// <summary>PEM file with the certificate's private key (PKCS#8, PKCS#1 or SEC1, unencrypted).</summary>
    public string? TlsPrivateKeyPath { get; set; }

    /// <summary>
    /// PEM file of CA certificates trusted, beside the OS store, when the service opens a TLS connection (a trunk, or a
    /// phone whose connection has closed). Optional.
    /// </summary>
    public string? TlsTrustedCaPath { get; set; }

    /// <summary>Longest TLS handshake on a connection, accepted or opened, before it is closed.</summary>
    public TimeSpan TlsHandshakeTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Whether a TLS listener runs: a certificate is configured.</summary>
    public bool TlsEnabled => !string.IsNullOrWhiteSpace(TlsCertificatePath);

    /// <summary>
    /// Threads that handle received UDP datagrams: parsing, the transaction layer and a new call's handler until its
    /// first wait. One receiving thread reads the socket; with one worker it handles each datagram itself, with more
    /// it hands each to the worker that owns the datagram's Call-ID, so one call's messages are always handled in
    /// arrival order (a phone's 180 before its 200, an ACK after its INVITE) while calls run in parallel, also when
    /// they all come from one trunk or edge proxy. Default: one per processor, at most 16.
    /// </summary>
    public int UdpWorkers { get; set; } = Math.Clamp(Environment.ProcessorCount, 1, 16);

    /// <summary>Largest accepted message in octets; larger datagrams are dropped and larger stream frames close the connection.</summary>
    public int MaxMessageSize { get; set; } = 65_535;

    /// <summary>Inbound and outbound TCP connections (and, separately, TLS connections) kept at once; further accepted connections are closed.</summary>
    public int MaxTcpConnections { get; set; } = 1000;

    /// <summary>A TCP connection with no traffic for this long is closed (peers keep theirs open with CRLF).</summary>
    public TimeSpan TcpIdleTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// Longest wait for an outbound TCP connection. Stream sends share one ordered queue, so an unreachable phone
    /// may delay other stream messages by this much at most (UDP sends do not wait in it).
    /// </summary>
    public TimeSpan TcpConnectTimeout { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>Throws with the offending key when the options cannot work.</summary>
    public IPAddress Validate()
    {
        if (!IPAddress.TryParse(Address, out var address))
        {
            throw new InvalidOperationException($"Sip:Transport:Address '{Address}' is not an IP address.");
        }

        if (AdvertisedAddress is null or "")
        {
            if (address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any))
            {
                throw new InvalidOperationException(
                    $"Sip:Transport:AdvertisedAddress must name the address peers reach the service at when Sip:Transport:Address is '{Address}'.");
            }
        }
        else if (!IPAddress.TryParse(AdvertisedAddress, out var advertised) || advertised.Equals(IPAddress.Any) || advertised.Equals(IPAddress.IPv6Any))
        {
            throw new InvalidOperationException($"Sip:Transport:AdvertisedAddress '{AdvertisedAddress}' is not a concrete IP address.");
        }

        if (UdpPort is < 0 or > 65535)
        {
            throw new InvalidOperationException($"Sip:Transport:UdpPort {UdpPort} is not a port (0-65535).");
        }

        if (TcpPort is < 0 or > 65535)
        {
            throw new InvalidOperationException($"Sip:Transport:TcpPort {TcpPort} is not a port (0-65535).");
        }

        if (TlsPort is < 0 or > 65535)
        {
            throw new InvalidOperationException($"Sip:Transport:TlsPort {TlsPort} is not a port (0-65535).");
        }

        if (TlsEnabled && TlsHandshakeTimeout <= TimeSpan.Zero)
        {
            throw new InvalidOperationException($"Sip:Transport:TlsHandshakeTimeout {TlsHandshakeTimeout} must be positive.");
        }

        if (UdpWorkers is < 1 or > 64)
        {
            throw new InvalidOperationException($"Sip:Transport:UdpWorkers {UdpWorkers} must be 1-64.");
        }

        if (MaxMessageSize is < 1024 or > 1_048_576)
        {
            throw new InvalidOperationException($"Sip:Transport:MaxMessageSize {MaxMessageSize} must be 1024-1048576.");
        }

        if (MaxTcpConnections < 1)
        {
            throw new InvalidOperationException($"Sip:Transport:MaxTcpConnections {MaxTcpConnections} must be at least 1.");
        }

        if (TcpConnectTimeout <= TimeSpan.Zero)
        {
            throw new InvalidOperationException($"Sip:Transport:TcpConnectTimeout {TcpConnectTimeout} must be positive.");
        }

        if (TcpIdleTimeout < TimeSpan.FromSeconds(1))
        {
            throw new InvalidOperationException($"Sip:Transport:TcpIdleTimeout {TcpIdleTimeout} must be at least one second.");
        }

        return address;
    }
}
