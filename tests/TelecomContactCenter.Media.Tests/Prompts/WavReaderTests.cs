using TelecomContactCenter.Media.Codecs;
using TelecomContactCenter.Media.Prompts;

namespace TelecomContactCenter.Media.Tests.Prompts;

public sealed class WavReaderTests
{
    [Fact]
    public void ReadSamples_Pcm16WithExtraChunk_ReturnsTheSamples()
    {
        var file = WavFile.Build(1, 1, 8000, 16, [0x10, 0x00, 0xF0, 0xFF], listChunk: true);

        var samples = WavReader.ReadSamples(file, "x.wav");

        Assert.Equal([16, -16], samples);
    }

    [Theory]
    [InlineData(7, false)]
    [InlineData(6, false)]
    [InlineData(7, true)]
    public void ReadSamples_G711File_DecodesWithItsLaw(ushort format, bool extensible)
    {
        var law = format == 7 ? G711Law.MuLaw : G711Law.ALaw;
        byte[] codes = [law.Encode(1000), law.Encode(-2000), law.Encode(0)];
        var file = WavFile.Build(format, 1, 8000, 8, codes, extensible);

        var samples = WavReader.ReadSamples(file, "x.wav");

        Assert.Equal(codes.Select(c => law.Decode(c)), samples);
    }

    [Theory]
    [InlineData(1, 2, 8000, 16, "2 channels")]
    [InlineData(1, 1, 16000, 16, "16000 Hz")]
    [InlineData(1, 1, 8000, 8, "format 1 with 8 bits")]
    [InlineData(3, 1, 8000, 32, "format 3")]
    public void ReadSamples_UnsupportedFormat_NamesTheFileAndTheProblem(ushort format, ushort channels, uint rate, ushort bits, string problem)
    {
        var file = WavFile.Build(format, channels, rate, bits, new byte[8]);

        var error = Assert.Throws<InvalidDataException>(() => WavReader.ReadSamples(file, "welcome.wav"));

        Assert.Contains("welcome.wav", error.Message, StringComparison.Ordinal);
        Assert.Contains(problem, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadSamples_NotRiff_SaysSo()
    {
        var error = Assert.Throws<InvalidDataException>(() => WavReader.ReadSamples("ID3 not a wave file"u8, "menu.wav"));

        Assert.Contains("not a RIFF/WAVE file", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadSamples_TruncatedDataChunk_SaysTheChunkRunsPastTheEnd()
    {
        var file = WavFile.Pcm16(1, 2, 3, 4);

        var error = Assert.Throws<InvalidDataException>(() => WavReader.ReadSamples(file.AsSpan(0, file.Length - 3), "menu.wav"));

        Assert.Contains("'data' runs past the end", error.Message, StringComparison.Ordinal);
    }
}
