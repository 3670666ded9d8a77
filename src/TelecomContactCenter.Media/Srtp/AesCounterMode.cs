using System.Security.Cryptography;

namespace TelecomContactCenter.Media.Srtp;

/// <summary>
/// AES in counter mode as SRTP uses it (RFC 3711 §4.1.1): the 16-octet IV's last two octets count blocks from zero;
/// the keystream is AES-ECB over the counter blocks, XORed into the data.
/// </summary>
public static class AesCounterMode
{
    /// <summary>XORs the keystream for <paramref name="iv"/> into <paramref name="data"/> (encrypts and decrypts alike).</summary>
    public static void Apply(Aes aes, ReadOnlySpan<byte> iv, Span<byte> data)
    {
        ArgumentNullException.ThrowIfNull(aes);
        if (data.IsEmpty)
        {
            return;
        }

        var blocks = (data.Length + 15) / 16;
        if (blocks > 65536)
        {
            throw new ArgumentException("AES-CM with a 16-bit block counter covers at most 1 MiB.", nameof(data));
        }

        var size = blocks * 16;
        var counters = size <= 2048 ? stackalloc byte[size] : new byte[size];
        var keystream = size <= 2048 ? stackalloc byte[size] : new byte[size];
        for (var block = 0; block < blocks; block++)
        {
            var counter = counters.Slice(block * 16, 16);
            iv.CopyTo(counter);
            var value = (ushort)((iv[14] << 8 | iv[15]) + block);
            counter[14] = (byte)(value >> 8);
            counter[15] = (byte)value;
        }

        aes.EncryptEcb(counters, keystream, PaddingMode.None);
        for (var i = 0; i < data.Length; i++)
        {
            data[i] ^= keystream[i];
        }
    }
}
