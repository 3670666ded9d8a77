using System.Net;
using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace TelecomContactCenter.Sip.Transport;

/// <summary>
/// The TLS side of SIP over TLS (RFC 3261 §26.3.1, RFC 5630): the service's certificate and key read from PEM files,
/// TLS 1.2 and 1.3 only, and on Linux only forward-secret AEAD cipher suites (the OS defaults minus CBC, RSA key
/// exchange and SHA-1 MACs). Outbound connections (a trunk or a phone reached over TLS) trust the OS store plus the
/// configured CA file. Immutable once loaded; thread-safe.
/// </summary>
public sealed class SipTlsSettings : IDisposable
{
    private const SslProtocols Protocols = SslProtocols.Tls12 | SslProtocols.Tls13;

    private static readonly TlsCipherSuite[] ModernSuites =
    [
        TlsCipherSuite.TLS_AES_128_GCM_SHA256,
        TlsCipherSuite.TLS_AES_256_GCM_SHA384,
        TlsCipherSuite.TLS_CHACHA20_POLY1305_SHA256,
        TlsCipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
        TlsCipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
        TlsCipherSuite.TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256,
        TlsCipherSuite.TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,
        TlsCipherSuite.TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384,
        TlsCipherSuite.TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256,
    ];

    private readonly X509Certificate2 _certificate;
    private readonly X509Certificate2Collection _trusted;
    private readonly SslStreamCertificateContext _context;

    private SipTlsSettings(X509Certificate2 certificate, X509Certificate2Collection chain, X509Certificate2Collection trusted)
    {
        _certificate = certificate;
        _trusted = trusted;
        _context = SslStreamCertificateContext.Create(certificate, chain, offline: true);
    }

    /// <summary>The service's certificate (leaf).</summary>
    public X509Certificate2 Certificate => _certificate;

    /// <summary>
    /// Reads the certificate (leaf first, then any intermediates) and key named by the options; null when
    /// <see cref="SipTransportOptions.TlsCertificatePath"/> is not set. Throws naming the key whose file is missing,
    /// unreadable or does not match.
    /// </summary>
    public static SipTlsSettings? Load(SipTransportOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (string.IsNullOrWhiteSpace(options.TlsCertificatePath))
        {
            return null;
        }

        if (string.IsNullOrWhiteSpace(options.TlsPrivateKeyPath))
        {
            throw new InvalidOperationException(
                "Sip:Transport:TlsPrivateKeyPath must name the PEM private key when Sip:Transport:TlsCertificatePath is set.");
        }

        var certificateText = Read(options.TlsCertificatePath, "TlsCertificatePath");
        var keyText = Read(options.TlsPrivateKeyPath, "TlsPrivateKeyPath");
        X509Certificate2 leaf;
        var chain = new X509Certificate2Collection();
        try
        {
            chain.ImportFromPem(certificateText);
            if (chain.Count == 0)
            {
                throw new CryptographicException("no CERTIFICATE block");
            }
        }
        catch (CryptographicException ex)
        {
            throw new InvalidOperationException(
                $"Sip:Transport:TlsCertificatePath '{options.TlsCertificatePath}' holds no readable PEM certificate: {ex.Message}", ex);
        }

        try
        {
            leaf = X509Certificate2.CreateFromPem(certificateText, keyText);
        }
        catch (Exception ex) when (ex is CryptographicException or ArgumentException)
        {
            throw new InvalidOperationException(
                $"Sip:Transport:TlsPrivateKeyPath '{options.TlsPrivateKeyPath}' is not the PEM private key of the certificate in " +
                $"Sip:Transport:TlsCertificatePath: {ex.Message}", ex);
        }

        chain.RemoveAt(0);
        var trusted = new X509Certificate2Collection();
        if (!string.IsNullOrWhiteSpace(options.TlsTrustedCaPath))
        {
            try
            {
                trusted.ImportFromPem(Read(options.TlsTrustedCaPath, "TlsTrustedCaPath"));
            }
            catch (CryptographicException ex)
            {
                throw new InvalidOperationException(
                    $"Sip:Transport:TlsTrustedCaPath '{options.TlsTrustedCaPath}' holds no readable PEM certificate: {ex.Message}", ex);
            }
        }

        return new SipTlsSettings(leaf, chain, trusted);
    }

    /// <summary>What an accepted connection negotiates: our certificate, TLS 1.2+, modern suites, no client certificate.</summary>
    public SslServerAuthenticationOptions ServerOptions() => new()
    {
        ServerCertificateContext = _context,
        EnabledSslProtocols = Protocols,
        ClientCertificateRequired = false,
        CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
        CipherSuitesPolicy = Suites(),
    };

    /// <summary>What a connection we open negotiates: the peer's certificate must chain to the OS store or the
    /// configured CA and name the address we connect to.</summary>
    public SslClientAuthenticationOptions ClientOptions(IPEndPoint remote)
    {
        ArgumentNullException.ThrowIfNull(remote);
        return new SslClientAuthenticationOptions
        {
            TargetHost = remote.Address.ToString(),
            EnabledSslProtocols = Protocols,
            CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
            CipherSuitesPolicy = Suites(),
            RemoteCertificateValidationCallback = ValidatePeer,
        };
    }

    public void Dispose()
    {
        _certificate.Dispose();
        foreach (var certificate in _trusted)
        {
            certificate.Dispose();
        }
    }

    private static CipherSuitesPolicy? Suites() =>
        OperatingSystem.IsLinux() || OperatingSystem.IsMacOS() ? new CipherSuitesPolicy(ModernSuites) : null;

    private static string Read(string path, string key)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new InvalidOperationException($"Sip:Transport:{key} '{path}' cannot be read: {ex.Message}", ex);
        }
    }

    private bool ValidatePeer(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (errors == SslPolicyErrors.None)
        {
            return true;
        }

        if (certificate is null || _trusted.Count == 0 || (errors & ~SslPolicyErrors.RemoteCertificateChainErrors) != 0)
        {
            return false;
        }

        // The OS store does not know the operator's private CA: build the chain again with it as the only anchor.
        using var custom = new X509Chain();
        custom.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        custom.ChainPolicy.CustomTrustStore.AddRange(_trusted);
        custom.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        if (chain is not null)
        {
            foreach (var element in chain.ChainElements)
            {
                custom.ChainPolicy.ExtraStore.Add(element.Certificate);
            }
        }

        using var leaf = new X509Certificate2(certificate);
        return custom.Build(leaf);
    }
}
