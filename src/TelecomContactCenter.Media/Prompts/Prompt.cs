using TelecomContactCenter.Media.Codecs;

namespace TelecomContactCenter.Media.Prompts;

/// <summary>
/// A prompt held in both G.711 laws, transcoded once at load so playback only copies bytes. One byte is one
/// sample at 8 kHz.
/// </summary>
public sealed class Prompt
{
    private readonly byte[] _muLaw;
    private readonly byte[] _aLaw;

    public Prompt(string name, ReadOnlySpan<short> pcm)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Name = name;
        _muLaw = new byte[pcm.Length];
        _aLaw = new byte[pcm.Length];
        G711Law.MuLaw.Encode(pcm, _muLaw);
        G711Law.ALaw.Encode(pcm, _aLaw);
    }

    public string Name { get; }

    public int SampleCount => _muLaw.Length;

    public TimeSpan Duration => TimeSpan.FromSeconds(SampleCount / 8000.0);

    public ReadOnlyMemory<byte> Encoded(G711Law law) => law == G711Law.MuLaw ? _muLaw : _aLaw;
}
