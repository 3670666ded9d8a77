using System.Security.Cryptography;

namespace TelecomContactCenter.Media.Srtp;

/// <summary>
/// One SRTP master key and salt for AES_CM_128_HMAC_SHA1_80 (RFC 3711 §8.2, RFC 4568 §6.2.1): 16 octets of key and
/// 14 of salt, carried in SDP as the base64 of both. Immutable.
/// </summary>
public sealed class SrtpMasterKey
{
    public const int KeyLength = 16;
    public const int SaltLength = 14;

    private readonly byte[] _key;
    private readonly byte[] _salt;

    public SrtpMasterKey(ReadOnlySpan<byte> key, ReadOnlySpan<byte> salt)
    {
        if (key.Length != KeyLength || salt.Length != SaltLength)
        {
            throw new ArgumentException($"An AES_CM_128 master key is {KeyLength} octets and its salt {SaltLength}.");
        }

        _key = key.ToArray();
        _salt = salt.ToArray();
    }

    public ReadOnlySpan<byte> Key => _key;

    public ReadOnlySpan<byte> Salt => _salt;

    /// <summary>A fresh key and salt from the OS random number generator (RFC 4568 §6.1: never reused across sessions).</summary>
    public static SrtpMasterKey Generate()
    {
        Span<byte> material = stackalloc byte[KeyLength + SaltLength];
        RandomNumberGenerator.Fill(material);
        return new SrtpMasterKey(material[..KeyLength], material[KeyLength..]);
    }

    /// <summary>Reads the base64 key-salt of an SDES inline key; null when it is not 30 octets of base64.</summary>
    public static SrtpMasterKey? FromInline(string base64)
    {
        ArgumentNullException.ThrowIfNull(base64);
        Span<byte> material = stackalloc byte[64];
        if (!Convert.TryFromBase64String(base64, material, out var written) || written != KeyLength + SaltLength)
        {
            return null;
        }

        return new SrtpMasterKey(material[..KeyLength], material[KeyLength..written]);
    }

    /// <summary>Whether <paramref name="other"/> is the same key and salt (a re-offer that keeps its key keeps its context).</summary>
    public bool SameAs(SrtpMasterKey? other) =>
        other is not null && _key.AsSpan().SequenceEqual(other._key) && _salt.AsSpan().SequenceEqual(other._salt);

    /// <summary>Never the key: SRTP keys must not reach logs.</summary>
    public override string ToString() => "SRTP master key (AES_CM_128)";

    /// <summary>The base64 key-salt for an SDES inline key.</summary>
    public string ToInline()
    {
        var material = new byte[KeyLength + SaltLength];
        _key.CopyTo(material, 0);
        _salt.CopyTo(material, KeyLength);
        return Convert.ToBase64String(material);
    }
}
