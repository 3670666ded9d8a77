namespace TelecomContactCenter.Core.Tests;

public sealed class SmokeTests
{
    [Fact]
    public void Build_Always_Runs()
    {
        Assert.Equal(4, 2 + 2);
    }
}
