using TelecomContactCenter.Media.Codecs;
using TelecomContactCenter.Media.Prompts;
using TelecomContactCenter.Testing;

namespace TelecomContactCenter.Media.Tests.Prompts;

public sealed class PromptLibraryTests : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("tcc-prompts-");

    [Fact]
    public void Load_FolderOfWavFiles_TranscodesEachToBothLaws()
    {
        File.WriteAllBytes(Path.Combine(_folder.FullName, "welcome.wav"), WavFile.Pcm16(1000, -1000, 0, 500));
        File.WriteAllText(Path.Combine(_folder.FullName, "notes.txt"), "ignored");

        var library = PromptLibrary.Load(_folder.FullName);

        var prompt = library["Welcome"];
        Assert.Equal(["welcome"], library.Names);
        Assert.Equal(4, prompt.SampleCount);
        Assert.Equal(new[] { 1000, -1000, 0, 500 }.Select(s => G711.EncodeMuLaw((short)s)), prompt.Encoded(G711Law.MuLaw).ToArray());
        Assert.Equal(new[] { 1000, -1000, 0, 500 }.Select(s => G711.EncodeALaw((short)s)), prompt.Encoded(G711Law.ALaw).ToArray());
    }

    [Fact]
    public void Load_OneBadFile_FailsNamingThatFile()
    {
        File.WriteAllBytes(Path.Combine(_folder.FullName, "good.wav"), WavFile.Pcm16(1, 2));
        File.WriteAllBytes(Path.Combine(_folder.FullName, "stereo.wav"), WavFile.Build(1, 2, 8000, 16, new byte[8]));

        var error = Assert.Throws<InvalidDataException>(() => PromptLibrary.Load(_folder.FullName));

        Assert.Contains("stereo.wav", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Indexer_UnknownPrompt_ListsTheKnownOnes()
    {
        var library = new PromptLibrary([new Prompt("goodbye", [0, 0])]);

        var error = Assert.Throws<KeyNotFoundException>(() => library["welcome"]);

        Assert.Contains("goodbye", error.Message, StringComparison.Ordinal);
        Assert.False(library.TryGet("welcome", out _));
    }

    [Fact]
    public void Load_ShippedPromptSet_HasEveryPromptTheFlowsNeedAndEachIsShort()
    {
        var folder = Path.Combine(RepositoryFiles.Root(), "ivr-flows", "prompts");
        string[] required =
        [
            "welcome", "main-menu", "invalid-input", "no-input", "vip-welcome", "complaint-owner", "retention",
            "queue-wait", "callback-offer", "callback-confirmed", "out-of-hours", "goodbye", "transfer",
        ];

        var library = PromptLibrary.Load(folder);

        Assert.Empty(required.Except(library.Names, StringComparer.OrdinalIgnoreCase));
        Assert.All(required, name => Assert.InRange(library[name].Duration, TimeSpan.FromSeconds(0.5), TimeSpan.FromSeconds(12)));
    }

    public void Dispose() => _folder.Delete(recursive: true);

}
