using TelecomContactCenter.Media.Codecs;

namespace TelecomContactCenter.Media.Tests.Codecs;

public sealed class G711Tests
{
    [Theory]
    [InlineData(0xFF, 0)]
    [InlineData(0x7F, 0)]
    [InlineData(0x80, 32124)]
    [InlineData(0x00, -32124)]
    [InlineData(0xFE, 8)]
    [InlineData(0xF0, 120)]
    [InlineData(0xEF, 132)]
    public void DecodeMuLaw_KnownCodes_GiveTheG711Values(int code, int expected)
    {
        var value = G711.DecodeMuLaw((byte)code);

        Assert.Equal(expected, value);
    }

    [Theory]
    [InlineData(0xD5, 8)]
    [InlineData(0x55, -8)]
    [InlineData(0xAA, 32256)]
    [InlineData(0x2A, -32256)]
    [InlineData(0xC5, 264)]
    public void DecodeALaw_KnownCodes_GiveTheG711Values(int code, int expected)
    {
        var value = G711.DecodeALaw((byte)code);

        Assert.Equal(expected, value);
    }

    [Theory]
    [InlineData(G711Law.MuLaw)]
    [InlineData(G711Law.ALaw)]
    public void Decode_EveryCode_MatchesTheSegmentFormula(G711Law law)
    {
        for (var code = 0; code < 256; code++)
        {
            var value = law.Decode((byte)code);

            Assert.Equal(ReferenceDecode(law, (byte)code), value);
        }
    }

    [Theory]
    [InlineData(G711Law.MuLaw)]
    [InlineData(G711Law.ALaw)]
    public void Encode_EveryDecodedLevel_GivesBackTheSameCode(G711Law law)
    {
        for (var code = 0; code < 256; code++)
        {
            var level = law.Decode((byte)code);

            var encoded = law.Encode(level);

            // µ-law has two zeros (0x7F is "-0"); both encode to +0.
            var expected = law == G711Law.MuLaw && code == 0x7F ? 0xFF : code;
            Assert.Equal(expected, encoded);
        }
    }

    [Theory]
    [InlineData(G711Law.MuLaw)]
    [InlineData(G711Law.ALaw)]
    public void Encode_EverySixteenBitSample_PicksTheCodeWhoseDecisionIntervalHoldsIt(G711Law law)
    {
        var previous = int.MinValue;

        for (int sample = short.MinValue; sample <= short.MaxValue; sample++)
        {
            var code = law.Encode((short)sample);

            Assert.True(ReferenceEncode(law, sample) == code, $"{law} {sample} -> {code:X2}");
            var decoded = law.Decode(code);
            Assert.True(decoded >= previous, $"{law} not monotonic at {sample}");
            previous = decoded;
        }
    }

    // G.711 decision intervals, searched rather than computed, in the law's own units (14-bit µ, 13-bit A).
    private static byte ReferenceEncode(G711Law law, int sample)
    {
        if (law == G711Law.MuLaw)
        {
            var unit = sample >> 2;
            var magnitude = Math.Min(Math.Abs(unit), 8158);
            for (var e = 0; e < 8; e++)
            {
                for (var k = 0; k < 16; k++)
                {
                    var low = (32 << e) - 33 + (k << (e + 1));
                    if (magnitude >= low && magnitude < low + (2 << e))
                    {
                        return (byte)~((unit < 0 ? 0x80 : 0) | (e << 4) | k);
                    }
                }
            }
        }
        else
        {
            var unit = sample >> 3;
            var magnitude = unit < 0 ? -unit - 1 : unit;
            for (var e = 0; e < 8; e++)
            {
                for (var k = 0; k < 16; k++)
                {
                    var width = e == 0 ? 2 : 1 << e;
                    var low = e == 0 ? 2 * k : (16 << e) + (k << e);
                    if (magnitude >= low && magnitude < low + width)
                    {
                        return (byte)(((unit < 0 ? 0 : 0x80) | (e << 4) | k) ^ 0x55);
                    }
                }
            }
        }

        throw new InvalidOperationException($"no interval holds {sample}");
    }

    [Fact]
    public void Encode_SpanOfSamples_MatchesSampleBySampleEncoding()
    {
        short[] pcm = [0, 1000, -1000, short.MaxValue, short.MinValue, 12345];
        var codes = new byte[pcm.Length];
        var decoded = new short[pcm.Length];

        G711Law.ALaw.Encode(pcm, codes);
        G711Law.ALaw.Decode(codes, decoded);

        Assert.Equal(pcm.Select(G711.EncodeALaw), codes);
        Assert.Equal(codes.Select(G711.DecodeALaw), decoded);
    }

    [Fact]
    public void Transcode_MuLawToALaw_KeepsTheSignalWithinOneALawStep()
    {
        var mu = Enumerable.Range(0, 256).Select(c => (byte)c).ToArray();
        var a = new byte[256];

        G711.Transcode(G711Law.MuLaw, G711Law.ALaw, mu, a);

        for (var i = 0; i < 256; i++)
        {
            var original = G711.DecodeMuLaw(mu[i]);
            var step = Math.Max(16, Math.Abs(original) / 16);
            Assert.InRange(G711.DecodeALaw(a[i]) - original, -step, step);
        }
    }

    // Written from G.711 Tables 1a/2a rather than the implementation: sign bit, 3-bit segment, 4-bit step.
    private static short ReferenceDecode(G711Law law, byte code)
    {
        if (law == G711Law.MuLaw)
        {
            // Segment e starts at decision value 32·2^e − 33 (14-bit units) and has 16 intervals 2^(e+1) wide.
            var c = (byte)~code;
            var e = (c & 0x70) >> 4;
            var k = c & 0x0F;
            var center = (32 << e) - 33 + (((2 * k) + 1) << e);
            return (short)((c & 0x80) != 0 ? -center * 4 : center * 4);
        }

        var p = code ^ 0x55;
        var seg = (p & 0x70) >> 4;
        var m = p & 0x0F;
        var decision = seg == 0 ? 2 * m : (16 << seg) + (m << seg);
        var width = seg == 0 ? 2 : 1 << seg;
        var middle = decision + (width / 2);
        return (short)((p & 0x80) != 0 ? middle * 8 : -middle * 8);
    }
}
