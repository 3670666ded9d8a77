using System.Reflection;
using System.Text.RegularExpressions;
using TelecomContactCenter.Core.Customers;
using TelecomContactCenter.Testing;

namespace TelecomContactCenter.Server.Tests.Profiles;

/// <summary>
/// Every tier modifier the tiering can give a customer (loyalty uplift, demotion held, override...) has a label on the
/// agent desktop in zh-CN and en, so the tier's reasons on the 360 never show a raw code.
/// </summary>
public sealed partial class TierReasonLabelTests
{
    [Fact]
    public void EveryTierReasonCode_HasChineseAndEnglishDesktopText()
    {
        var codes = typeof(TierReasonCodes).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Select(f => (string)f.GetValue(null)!).ToList();
        var resources = File.ReadAllText(Path.Combine(
            RepositoryFiles.Root(), "src", "TelecomContactCenter.Server", "wwwroot", "js", "i18n", "agent.js"));
        var block = resources[resources.IndexOf("const tierReasons = {", StringComparison.Ordinal)..];
        block = block[..block.IndexOf("\n};", StringComparison.Ordinal)];
        var zhStart = block.IndexOf("\"zh-CN\": {", StringComparison.Ordinal);
        var english = Labels().Matches(block[..zhStart]).ToDictionary(m => m.Groups["code"].Value, m => m.Groups["text"].Value);
        var chinese = Labels().Matches(block[zhStart..]).ToDictionary(m => m.Groups["code"].Value, m => m.Groups["text"].Value);

        Assert.True(codes.Count >= 10, $"only {codes.Count} tier reason codes found");
        Assert.Equal([], codes.Where(c => !english.ContainsKey(c)).Order().ToArray());
        Assert.Equal([], codes.Where(c => !chinese.TryGetValue(c, out var text) || !HasChinese().IsMatch(text)).Order().ToArray());
    }

    [GeneratedRegex("\"(?<code>TIER-[A-Z-]+)\": \"(?<text>[^\"]*)")]
    private static partial Regex Labels();

    [GeneratedRegex(@"\p{IsCJKUnifiedIdeographs}")]
    private static partial Regex HasChinese();
}
