using System.Buffers.Binary;

namespace TelecomContactCenter.Media.Tests.Prompts;

/// <summary>Builds WAV files byte by byte, so tests can make both valid and deliberately broken ones.</summary>
internal static class WavFile
{
    public static byte[] Build(ushort format, ushort channels, uint rate, ushort bits, byte[] data, bool extensible = false, bool listChunk = false)
    {
        using var stream = new MemoryStream();
        using var writer = new BinaryWriter(stream);
        writer.Write("RIFF"u8);
        writer.Write(0u);
        writer.Write("WAVE"u8);
        writer.Write("fmt "u8);
        writer.Write(extensible ? 40u : 16u);
        writer.Write(extensible ? (ushort)0xFFFE : format);
        writer.Write(channels);
        writer.Write(rate);
        writer.Write(rate * channels * (uint)(bits / 8));
        writer.Write((ushort)(channels * bits / 8));
        writer.Write(bits);
        if (extensible)
        {
            writer.Write((ushort)22);
            writer.Write(bits);
            writer.Write(4u);
            writer.Write(format);
            writer.Write(new byte[14]);
        }

        if (listChunk)
        {
            writer.Write("LIST"u8);
            writer.Write(3u);
            writer.Write(new byte[] { 1, 2, 3, 0 });
        }

        writer.Write("data"u8);
        writer.Write((uint)data.Length);
        writer.Write(data);
        writer.Flush();
        var bytes = stream.ToArray();
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(4), (uint)(bytes.Length - 8));
        return bytes;
    }

    public static byte[] Pcm16(params short[] samples)
    {
        var data = new byte[samples.Length * 2];
        for (var i = 0; i < samples.Length; i++)
        {
            BinaryPrimitives.WriteInt16LittleEndian(data.AsSpan(2 * i), samples[i]);
        }

        return Build(1, 1, 8000, 16, data);
    }
}
