using System.Buffers;
using System.Buffers.Binary;
using System.Buffers.Text;
using System.Security.Cryptography;
using Microsoft.Extensions.Options;

namespace TelecomContactCenter.Sip.Authentication;

public enum NonceValidity
{
    Valid,

    /// <summary>Signed by this process but older than the lifetime: worth a <c>stale=true</c> challenge.</summary>
    Expired,

    /// <summary>Not ours: forged, mangled, from another process or issued in the future.</summary>
    Invalid,
}

/// <summary>
/// Stateless nonces (RFC 7616 §3.3 suggests timestamp plus a keyed hash): base64url of an 8-byte issue time in Unix
/// milliseconds, 8 random bytes so every challenge is unique, and the first 16 bytes of HMAC-SHA256 over both under
/// a secret that lives only as long as the process. No state is kept, so nothing to lock: the secret is immutable.
/// </summary>
public sealed class DigestNonces
{
    private const int PayloadLength = 16;
    private const int MacLength = 16;
    private const int EncodedLength = 43;
    private static readonly TimeSpan AllowedClockSkew = TimeSpan.FromSeconds(5);

    private readonly byte[] _secret = RandomNumberGenerator.GetBytes(32);
    private readonly TimeProvider _time;
    private readonly TimeSpan _lifetime;

    public DigestNonces(TimeProvider time, IOptions<DigestOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _time = time;
        _lifetime = options.Value.NonceLifetime;
    }

    public string Issue()
    {
        Span<byte> raw = stackalloc byte[PayloadLength + MacLength];
        BinaryPrimitives.WriteInt64BigEndian(raw, _time.GetUtcNow().ToUnixTimeMilliseconds());
        RandomNumberGenerator.Fill(raw[8..PayloadLength]);
        Sign(raw[..PayloadLength], raw[PayloadLength..]);
        return Base64Url.EncodeToString(raw);
    }

    public NonceValidity Check(string nonce, out DateTimeOffset issuedAt)
    {
        ArgumentNullException.ThrowIfNull(nonce);
        issuedAt = default;
        Span<byte> raw = stackalloc byte[PayloadLength + MacLength];
        if (nonce.Length != EncodedLength
            || Base64Url.DecodeFromChars(nonce, raw, out _, out var written) != OperationStatus.Done
            || written != raw.Length)
        {
            return NonceValidity.Invalid;
        }

        Span<byte> expectedMac = stackalloc byte[MacLength];
        Sign(raw[..PayloadLength], expectedMac);
        if (!CryptographicOperations.FixedTimeEquals(expectedMac, raw[PayloadLength..]))
        {
            return NonceValidity.Invalid;
        }

        issuedAt = DateTimeOffset.FromUnixTimeMilliseconds(BinaryPrimitives.ReadInt64BigEndian(raw));
        var age = _time.GetUtcNow() - issuedAt;
        if (age < -AllowedClockSkew)
        {
            return NonceValidity.Invalid;
        }

        return age > _lifetime ? NonceValidity.Expired : NonceValidity.Valid;
    }

    private void Sign(ReadOnlySpan<byte> payload, Span<byte> mac)
    {
        Span<byte> full = stackalloc byte[32];
        HMACSHA256.HashData(_secret, payload, full);
        full[..MacLength].CopyTo(mac);
    }
}
