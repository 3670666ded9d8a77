namespace TelecomContactCenter.Media.Codecs;

/// <summary>The two companding laws of ITU-T G.711; RTP carries them as PCMU (0) and PCMA (8), RFC 3551 §4.5.14.</summary>
public enum G711Law
{
    MuLaw,
    ALaw,
}

/// <summary>
/// G.711 encode and decode by table lookup: 256-entry decode tables and encode tables indexed by the 14-bit
/// (µ-law) or 13-bit (A-law) linear value the law actually quantises. The tables are built once from the
/// segment formulas of G.711 and never change, so sharing them between threads is safe.
/// </summary>
public static class G711
{
    private static readonly short[] MuLawToLinear = BuildDecodeTable(DecodeMuLawFormula);
    private static readonly short[] ALawToLinear = BuildDecodeTable(DecodeALawFormula);
    private static readonly byte[] LinearToMuLaw = BuildMuLawEncodeTable();
    private static readonly byte[] LinearToALaw = BuildALawEncodeTable();

    public static int PayloadType(this G711Law law) => law == G711Law.MuLaw ? 0 : 8;

    public static byte EncodeMuLaw(short sample) => LinearToMuLaw[(sample >> 2) + 8192];

    public static short DecodeMuLaw(byte code) => MuLawToLinear[code];

    public static byte EncodeALaw(short sample) => LinearToALaw[(sample >> 3) + 4096];

    public static short DecodeALaw(byte code) => ALawToLinear[code];

    public static byte Encode(this G711Law law, short sample) =>
        law == G711Law.MuLaw ? EncodeMuLaw(sample) : EncodeALaw(sample);

    public static short Decode(this G711Law law, byte code) =>
        law == G711Law.MuLaw ? DecodeMuLaw(code) : DecodeALaw(code);

    public static void Encode(this G711Law law, ReadOnlySpan<short> pcm, Span<byte> destination)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(destination.Length, pcm.Length, nameof(destination));
        var (table, shift, offset) = law == G711Law.MuLaw ? (LinearToMuLaw, 2, 8192) : (LinearToALaw, 3, 4096);
        for (var i = 0; i < pcm.Length; i++)
        {
            destination[i] = table[(pcm[i] >> shift) + offset];
        }
    }

    public static void Decode(this G711Law law, ReadOnlySpan<byte> codes, Span<short> destination)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(destination.Length, codes.Length, nameof(destination));
        var table = law == G711Law.MuLaw ? MuLawToLinear : ALawToLinear;
        for (var i = 0; i < codes.Length; i++)
        {
            destination[i] = table[codes[i]];
        }
    }

    /// <summary>Converts between the laws through linear, as a gateway does (G.711 Table 3 is not bit-exact for this).</summary>
    public static void Transcode(G711Law from, G711Law to, ReadOnlySpan<byte> codes, Span<byte> destination)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(destination.Length, codes.Length, nameof(destination));
        for (var i = 0; i < codes.Length; i++)
        {
            destination[i] = from == to ? codes[i] : to.Encode(from.Decode(codes[i]));
        }
    }

    private static short[] BuildDecodeTable(Func<byte, short> decode)
    {
        var table = new short[256];
        for (var code = 0; code < 256; code++)
        {
            table[code] = decode((byte)code);
        }

        return table;
    }

    // µ-law: the code is transmitted inverted; value = (2m + 33)·2^e − 33 in 14-bit units, ×4 for 16-bit.
    private static short DecodeMuLawFormula(byte code)
    {
        var inverted = ~code & 0xFF;
        var exponent = (inverted >> 4) & 0x07;
        var mantissa = inverted & 0x0F;
        var magnitude = (((2 * mantissa) + 33) << exponent) - 33;
        return (short)(((inverted & 0x80) != 0 ? -magnitude : magnitude) * 4);
    }

    // A-law: even bits inverted; value = 2m + 1 in segment 0, (2m + 33)·2^(e−1) above, in 13-bit units ×8.
    private static short DecodeALawFormula(byte code)
    {
        var plain = code ^ 0x55;
        var exponent = (plain >> 4) & 0x07;
        var mantissa = plain & 0x0F;
        var magnitude = exponent == 0 ? (2 * mantissa) + 1 : ((2 * mantissa) + 33) << (exponent - 1);
        return (short)(((plain & 0x80) != 0 ? magnitude : -magnitude) * 8);
    }

    private static byte[] BuildMuLawEncodeTable()
    {
        var table = new byte[16384];
        for (var value = -8192; value < 8192; value++)
        {
            var negative = value < 0;
            var magnitude = Math.Min(negative ? -value : value, 8158) + 33;
            var exponent = 0;
            for (var limit = 64; magnitude >= limit && exponent < 7; limit <<= 1)
            {
                exponent++;
            }

            var mantissa = (magnitude >> (exponent + 1)) & 0x0F;
            var code = (negative ? 0x80 : 0) | (exponent << 4) | mantissa;
            table[value + 8192] = (byte)~code;
        }

        return table;
    }

    private static byte[] BuildALawEncodeTable()
    {
        var table = new byte[8192];
        for (var value = -4096; value < 4096; value++)
        {
            var negative = value < 0;
            // Two's complement floor makes -1 the smallest negative step, so its magnitude is 0 like +0's.
            var magnitude = negative ? -value - 1 : value;
            var exponent = 0;
            for (var limit = 32; magnitude >= limit && exponent < 7; limit <<= 1)
            {
                exponent++;
            }

            var mantissa = exponent == 0 ? (magnitude >> 1) & 0x0F : (magnitude >> exponent) & 0x0F;
            var code = (negative ? 0 : 0x80) | (exponent << 4) | mantissa;
            table[value + 4096] = (byte)(code ^ 0x55);
        }

        return table;
    }
}
