using System.Security.Cryptography;

namespace TelecomContactCenter.Media.Srtp;

/// <summary>
/// Session keys derived from a master key with the AES-CM PRF (RFC 3711 §4.3.1, §4.3.3), key derivation rate 0: one
/// set for SRTP and one for SRTCP. Immutable.
/// </summary>
public sealed class SrtpSessionKeys
{
    public const int AuthKeyLength = 20;

    private SrtpSessionKeys(byte[] cipherKey, byte[] authKey, byte[] salt)
    {
        CipherKey = cipherKey;
        AuthKey = authKey;
        Salt = salt;
    }

    public byte[] CipherKey { get; }

    public byte[] AuthKey { get; }

    public byte[] Salt { get; }

    /// <summary>The SRTP (labels 0-2) or SRTCP (labels 3-5) session keys.</summary>
    public static SrtpSessionKeys Derive(SrtpMasterKey master, bool rtcp)
    {
        ArgumentNullException.ThrowIfNull(master);
        var first = rtcp ? (byte)3 : (byte)0;
        return new SrtpSessionKeys(
            Prf(master, first, SrtpMasterKey.KeyLength),
            Prf(master, (byte)(first + 1), AuthKeyLength),
            Prf(master, (byte)(first + 2), SrtpMasterKey.SaltLength));
    }

    /// <summary>
    /// <paramref name="length"/> octets of AES-CM keystream under the master key, its IV the master salt with the label
    /// XORed into octet 7 (key_id = label || r, r = 0), shifted left 16 bits.
    /// </summary>
    public static byte[] Prf(SrtpMasterKey master, byte label, int length)
    {
        ArgumentNullException.ThrowIfNull(master);
        Span<byte> iv = stackalloc byte[16];
        master.Salt.CopyTo(iv);
        iv[7] ^= label;
        using var aes = Aes.Create();
        aes.Key = master.Key.ToArray();
        var output = new byte[length];
        AesCounterMode.Apply(aes, iv, output);
        return output;
    }
}
