using System.Buffers.Binary;
using TelecomContactCenter.Media.Codecs;

namespace TelecomContactCenter.Media.Prompts;

/// <summary>
/// Reads 8 kHz mono WAV files in PCM16, µ-law or A-law (including WAVE_FORMAT_EXTENSIBLE as sox writes it).
/// Anything else is a configuration error, reported with the file and the reason so start-up stops clearly.
/// </summary>
public static class WavReader
{
    private const ushort FormatPcm = 1;
    private const ushort FormatALaw = 6;
    private const ushort FormatMuLaw = 7;
    private const ushort FormatExtensible = 0xFFFE;

    public static short[] ReadSamples(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return ReadSamples(File.ReadAllBytes(path), path);
    }

    public static short[] ReadSamples(ReadOnlySpan<byte> file, string name)
    {
        if (file.Length < 12 || !file[..4].SequenceEqual("RIFF"u8) || !file[8..12].SequenceEqual("WAVE"u8))
        {
            throw Invalid(name, "not a RIFF/WAVE file");
        }

        ushort? format = null;
        int bits = 0;
        var offset = 12;
        while (offset + 8 <= file.Length)
        {
            var id = file.Slice(offset, 4);
            var size = BinaryPrimitives.ReadUInt32LittleEndian(file[(offset + 4)..]);
            var body = offset + 8;
            if (size > (uint)(file.Length - body))
            {
                throw Invalid(name, $"chunk '{System.Text.Encoding.ASCII.GetString(id)}' runs past the end of the file");
            }

            var chunk = file.Slice(body, (int)size);
            if (id.SequenceEqual("fmt "u8))
            {
                (format, bits) = ReadFormat(chunk, name);
            }
            else if (id.SequenceEqual("data"u8))
            {
                if (format is not { } f)
                {
                    throw Invalid(name, "the data chunk comes before the fmt chunk");
                }

                return Decode(f, bits, chunk, name);
            }

            offset = body + (int)size + (int)(size & 1);
        }

        throw Invalid(name, format is null ? "no fmt chunk" : "no data chunk");
    }

    private static (ushort Format, int Bits) ReadFormat(ReadOnlySpan<byte> chunk, string name)
    {
        if (chunk.Length < 16)
        {
            throw Invalid(name, "the fmt chunk is too short");
        }

        var format = BinaryPrimitives.ReadUInt16LittleEndian(chunk);
        var channels = BinaryPrimitives.ReadUInt16LittleEndian(chunk[2..]);
        var rate = BinaryPrimitives.ReadUInt32LittleEndian(chunk[4..]);
        var bits = BinaryPrimitives.ReadUInt16LittleEndian(chunk[14..]);
        if (format == FormatExtensible)
        {
            if (chunk.Length < 26)
            {
                throw Invalid(name, "the extensible fmt chunk is too short");
            }

            // The sub-format GUID starts with the classic format tag.
            format = BinaryPrimitives.ReadUInt16LittleEndian(chunk[24..]);
        }

        if (channels != 1)
        {
            throw Invalid(name, $"{channels} channels; prompts must be mono");
        }

        if (rate != 8000)
        {
            throw Invalid(name, $"{rate} Hz; prompts must be 8000 Hz");
        }

        var supported = (format, bits) switch
        {
            (FormatPcm, 16) or (FormatMuLaw, 8) or (FormatALaw, 8) => true,
            _ => false,
        };
        if (!supported)
        {
            throw Invalid(name, $"format {format} with {bits} bits; prompts must be PCM16, µ-law or A-law");
        }

        return (format, bits);
    }

    private static short[] Decode(ushort format, int bits, ReadOnlySpan<byte> data, string name)
    {
        if (format == FormatPcm && bits == 16)
        {
            var samples = new short[data.Length / 2];
            for (var i = 0; i < samples.Length; i++)
            {
                samples[i] = BinaryPrimitives.ReadInt16LittleEndian(data[(2 * i)..]);
            }

            return samples.Length > 0 ? samples : throw Invalid(name, "the data chunk is empty");
        }

        var law = format == FormatMuLaw ? G711Law.MuLaw : G711Law.ALaw;
        var pcm = new short[data.Length];
        law.Decode(data, pcm);
        return pcm.Length > 0 ? pcm : throw Invalid(name, "the data chunk is empty");
    }

    private static InvalidDataException Invalid(string name, string reason) => new($"Prompt file '{name}': {reason}.");
}
