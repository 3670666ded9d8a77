using System.Text.RegularExpressions;
using TelecomContactCenter.Testing;

namespace TelecomContactCenter.Server.Tests.Interactions;

/// <summary>
/// Every disposition the server writes on a call's record (the telephony and IVR outcomes, the ACD's own, the demo
/// history's) has a label on the agent desktop in zh-CN and en, so a customer's recent contacts never show a raw code.
/// </summary>
public sealed partial class DispositionLabelTests
{
    [Fact]
    public void EveryDispositionTheServerWrites_HasChineseAndEnglishDesktopText()
    {
        var server = Path.Combine(RepositoryFiles.Root(), "src", "TelecomContactCenter.Server");
        var sources = Directory.EnumerateFiles(server, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Select(File.ReadAllText)
            .ToList();
        var written = sources
            .SelectMany(s => OutcomeArguments().Matches(s).SelectMany(m => CodeLiteral().Matches(m.Groups["args"].Value)))
            .Concat(sources.SelectMany(s => AssignedDisposition().Matches(s)))
            .Select(m => m.Groups["code"].Value)
            .ToHashSet(StringComparer.Ordinal);
        var resources = File.ReadAllText(Path.Combine(server, "wwwroot", "js", "i18n", "agent.js"));
        var zhStart = resources.LastIndexOf("\"zh-CN\": {", StringComparison.Ordinal);
        var english = Labels().Matches(resources[..zhStart]).ToDictionary(m => m.Groups["code"].Value, m => m.Groups["text"].Value);
        var chinese = Labels().Matches(resources[zhStart..]).ToDictionary(m => m.Groups["code"].Value, m => m.Groups["text"].Value);

        Assert.True(written.Count >= 12, $"only {written.Count} dispositions found in the sources: the patterns no longer match how records are made");
        Assert.Equal([], written.Where(c => !english.ContainsKey(c)).Order().ToArray());
        Assert.Equal([], written.Where(c => !chinese.TryGetValue(c, out var text) || !HasChinese().IsMatch(text)).Order().ToArray());
    }

    // The argument list of an IVR or telephony outcome, whose string literals in code form are dispositions.
    [GeneratedRegex("""new (?:Ivr|Inbound)CallOutcome\((?<args>[^;]*)\)""")]
    private static partial Regex OutcomeArguments();

    [GeneratedRegex(@"""(?<code>[a-z][a-z-]*)""")]
    private static partial Regex CodeLiteral();

    // A disposition set directly (the ACD's, the demo data's), or chosen with its reason in a late-offer refusal.
    [GeneratedRegex(@"(?:(?<!const string )\bDisposition = |\(disposition, reason\) = \()""(?<code>[A-Za-z][A-Za-z-]*)""")]
    private static partial Regex AssignedDisposition();

    [GeneratedRegex("""["\s]disposition\.(?<code>[A-Za-z][A-Za-z-]*)": "(?<text>[^"]*)""")]
    private static partial Regex Labels();

    [GeneratedRegex(@"\p{IsCJKUnifiedIdeographs}")]
    private static partial Regex HasChinese();
}
