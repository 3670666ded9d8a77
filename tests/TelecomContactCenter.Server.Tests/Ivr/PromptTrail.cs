using TelecomContactCenter.Media.Codecs;
using TelecomContactCenter.Media.Playback;
using TelecomContactCenter.Media.Prompts;

namespace TelecomContactCenter.Server.Tests.Ivr;

/// <summary>
/// Turns the audio a caller received back into the prompts it was made of: every prompt is cut into 20 ms
/// frames exactly as the player sends them, and the received frames are matched greedily: a whole prompt (or
/// one running to the end of what was received) first, else the longest partial one (cut off by a key press).
/// </summary>
internal static class PromptTrail
{
    public static IReadOnlyList<string> Decode(IReadOnlyList<byte[]> received, PromptLibrary prompts, IEnumerable<string> names, G711Law law)
    {
        var framed = names.Distinct().ToDictionary(n => n, n => Frames(prompts[n], law));
        var heard = new List<string>();
        var i = 0;
        while (i < received.Count)
        {
            var matches = framed.Select(p => (p.Key, Length: Matching(received, i, p.Value))).ToList();
            var (name, length) = matches
                .Where(m => m.Length == framed[m.Key].Count || i + m.Length == received.Count)
                .DefaultIfEmpty(matches.MaxBy(m => m.Length))
                .MaxBy(m => m.Length);
            if (length == 0)
            {
                heard.Add($"unknown audio at frame {i}");
                return heard;
            }

            heard.Add(name);
            i += length;
        }

        return heard;
    }

    private static List<byte[]> Frames(Prompt prompt, G711Law law)
    {
        var audio = prompt.Encoded(law).ToArray();
        var frames = new List<byte[]>();
        for (var offset = 0; offset < audio.Length; offset += PromptPlayer.SamplesPerFrame)
        {
            var frame = new byte[PromptPlayer.SamplesPerFrame];
            frame.AsSpan().Fill(law == G711Law.MuLaw ? (byte)0xFF : (byte)0xD5);
            audio.AsSpan(offset, Math.Min(frame.Length, audio.Length - offset)).CopyTo(frame);
            frames.Add(frame);
        }

        return frames;
    }

    private static int Matching(IReadOnlyList<byte[]> received, int start, List<byte[]> frames)
    {
        var n = 0;
        while (n < frames.Count && start + n < received.Count && received[start + n].AsSpan().SequenceEqual(frames[n]))
        {
            n++;
        }

        return n;
    }
}
