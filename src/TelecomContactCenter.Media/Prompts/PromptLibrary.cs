using System.Collections.Frozen;
using System.Diagnostics.CodeAnalysis;

namespace TelecomContactCenter.Media.Prompts;

/// <summary>
/// Every prompt in a folder, loaded, validated and transcoded once at start. Immutable after load, so calls
/// share it without locks; a reload builds a new library and swaps it in whole.
/// </summary>
public sealed class PromptLibrary
{
    private readonly FrozenDictionary<string, Prompt> _prompts;

    public PromptLibrary(IEnumerable<Prompt> prompts)
    {
        ArgumentNullException.ThrowIfNull(prompts);
        _prompts = prompts.ToFrozenDictionary(p => p.Name, StringComparer.OrdinalIgnoreCase);
    }

    public IReadOnlyCollection<string> Names => _prompts.Keys;

    public int Count => _prompts.Count;

    /// <summary>Total bytes of audio held (both laws).</summary>
    public long AudioBytes => _prompts.Values.Sum(p => 2L * p.SampleCount);

    public Prompt this[string name] => _prompts.TryGetValue(name, out var prompt)
        ? prompt
        : throw new KeyNotFoundException($"No prompt named '{name}'. Known: {string.Join(", ", _prompts.Keys.Order())}.");

    public bool TryGet(string name, [NotNullWhen(true)] out Prompt? prompt) => _prompts.TryGetValue(name, out prompt);

    /// <summary>Loads every *.wav in <paramref name="directory"/>, named by file name without extension.</summary>
    /// <exception cref="InvalidDataException">A file is not an 8 kHz mono PCM16/µ-law/A-law WAV; names the file.</exception>
    public static PromptLibrary Load(string directory)
    {
        if (!Directory.Exists(directory))
        {
            throw new DirectoryNotFoundException($"The prompt folder '{directory}' does not exist.");
        }

        var prompts = Directory.EnumerateFiles(directory, "*.wav", SearchOption.TopDirectoryOnly)
            .Order(StringComparer.Ordinal)
            .Select(path => new Prompt(Path.GetFileNameWithoutExtension(path), WavReader.ReadSamples(path)))
            .ToList();
        return new PromptLibrary(prompts);
    }
}
