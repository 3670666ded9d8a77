using TelecomContactCenter.Sip.Identity;

namespace TelecomContactCenter.Sip.Tests.Identity;

public sealed class PhoneNumberMaskTests
{
    [Theory]
    [InlineData("+8613800000001", "+8613*******01")]
    [InlineData("13800000001", "13800****01")]
    [InlineData("1234567", "*******")]
    [InlineData(null, "-")]
    public void Mask_Number_KeepsFirstFiveAndLastTwo(string? number, string expected)
    {
        var masked = PhoneNumberMask.Mask(number);

        Assert.Equal(expected, masked);
    }

    [Theory]
    [InlineData("http://bss/customers/%2B8613800000001", "http://bss/customers/%2B86138******01")]
    [InlineData("+8613800000001 is not in the dial allow-list", "+8613*******01 is not in the dial allow-list")]
    [InlineData("agent agent1 placed 12 calls in the last hour", "agent agent1 placed 12 calls in the last hour")]
    public void MaskWithin_TextThatMayCarryANumber_MasksEveryLongDigitRun(string text, string expected)
    {
        var masked = PhoneNumberMask.MaskWithin(text);

        Assert.Equal(expected, masked);
    }
}
