using TelecomContactCenter.Core.Offers;

namespace TelecomContactCenter.Core.Tests.Offers;

public sealed class ScriptTemplateTests
{
    [Fact]
    public void Render_ContextBeatsDefaultAndMissingReported()
    {
        var values = new Dictionary<string, string> { ["Name"] = "Ms Chen", ["X"] = "58" };
        var defaults = new Dictionary<string, string> { ["X"] = "99", ["pct"] = "5" };

        var (text, missing) = ScriptTemplate.Render("{Name}: {Plan} at ¥{X}, {pct}% off", values, defaults);

        Assert.Equal("Ms Chen: {Plan} at ¥58, 5% off", text);
        Assert.Equal(["Plan"], missing);
    }
}
