using TelecomContactCenter.Sip.Sdp;

namespace TelecomContactCenter.Sip.Tests.Sdp;

public sealed class TelephoneEventsTests
{
    [Theory]
    [InlineData("0-15", "0-15")]
    [InlineData("0-16", "0-16")]
    [InlineData("0-11,16", "0-11,16")]
    [InlineData(" 0-9 , 10 , 11 ", "0-11")]
    [InlineData(null, "0-15")]
    public void TryParse_EventList_FormatsBackAsRanges(string? fmtp, string expected)
    {
        var events = TelephoneEvents.TryParse(fmtp);

        Assert.Equal(expected, TelephoneEvents.Format(events!));
    }

    [Theory]
    [InlineData("15-0")]
    [InlineData("a-b")]
    [InlineData("0-300")]
    public void TryParse_BadList_ReturnsNull(string fmtp)
    {
        var events = TelephoneEvents.TryParse(fmtp);

        Assert.Null(events);
    }
}
