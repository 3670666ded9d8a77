using System.Security.Cryptography;
using System.Text;

namespace TelecomContactCenter.Sip.Authentication;

/// <summary>Hash algorithms for SIP digest authentication (RFC 7616 §3.3; "-sess" variants are not offered).</summary>
public enum DigestAlgorithm
{
    Md5,
    Sha256,
}

/// <summary>The digest formulas of RFC 2617 §3.2.2 and RFC 7616 §3.4.1, over UTF-8 text, as lowercase hex.</summary>
public static class DigestHash
{
    public static string Token(DigestAlgorithm algorithm) => algorithm switch
    {
        DigestAlgorithm.Md5 => "MD5",
        DigestAlgorithm.Sha256 => "SHA-256",
        _ => throw new ArgumentOutOfRangeException(nameof(algorithm)),
    };

    /// <summary>An absent algorithm parameter means MD5 (RFC 2617 §3.2.1).</summary>
    public static bool TryParseToken(string? token, out DigestAlgorithm algorithm)
    {
        if (token is null || token.Equals("MD5", StringComparison.OrdinalIgnoreCase))
        {
            algorithm = DigestAlgorithm.Md5;
            return true;
        }

        algorithm = DigestAlgorithm.Sha256;
        return token.Equals("SHA-256", StringComparison.OrdinalIgnoreCase);
    }

    public static int HexLength(DigestAlgorithm algorithm) => algorithm == DigestAlgorithm.Sha256 ? 64 : 32;

    public static string Hex(DigestAlgorithm algorithm, string input)
    {
        var byteCount = Encoding.UTF8.GetByteCount(input);
        var buffer = byteCount <= 512 ? stackalloc byte[byteCount] : new byte[byteCount];
        Encoding.UTF8.GetBytes(input, buffer);
        Span<byte> hash = stackalloc byte[32];
        var written = algorithm == DigestAlgorithm.Sha256
            ? SHA256.HashData(buffer, hash)
            : HashMd5(buffer, hash);
        return Convert.ToHexStringLower(hash[..written]);
    }

    /// <summary>HA1 = H(username ":" realm ":" password), what a credential store keeps instead of the password.</summary>
    public static string Ha1(DigestAlgorithm algorithm, string userName, string realm, string password) =>
        Hex(algorithm, $"{userName}:{realm}:{password}");

    /// <summary>
    /// request-digest for qop=auth (RFC 2617 §3.2.2.1) or, when <paramref name="qop"/> is null, the RFC 2069 form
    /// H(HA1 ":" nonce ":" HA2).
    /// </summary>
    public static string Response(
        DigestAlgorithm algorithm,
        string ha1,
        string nonce,
        string method,
        string digestUri,
        string? qop,
        string? nonceCount,
        string? clientNonce)
    {
        var ha2 = Hex(algorithm, $"{method}:{digestUri}");
        return qop is null
            ? Hex(algorithm, $"{ha1}:{nonce}:{ha2}")
            : Hex(algorithm, $"{ha1}:{nonce}:{nonceCount}:{clientNonce}:{qop}:{ha2}");
    }

    // MD5 is required by RFC 3261 interop (most deployed phones and sipp support nothing else), not chosen for strength.
#pragma warning disable CA5351
    private static int HashMd5(ReadOnlySpan<byte> source, Span<byte> destination) => MD5.HashData(source, destination);
#pragma warning restore CA5351
}
