using System.Net;
using TelecomContactCenter.Sip.Protection;

namespace TelecomContactCenter.Sip.Tests.Protection;

public sealed class TrustedTrunkAllowlistTests
{
    private readonly TrustedTrunkAllowlist _allowlist =
        new(["192.0.2.7", "198.51.100.0/24", "2001:db8:10::/48", "[2001:db8::5]", "::ffff:203.0.113.0/120"]);

    [Theory]
    [InlineData("192.0.2.7", true)]
    [InlineData("192.0.2.8", false)]
    [InlineData("198.51.100.1", true)]
    [InlineData("198.51.100.255", true)]
    [InlineData("198.51.101.1", false)]
    [InlineData("::ffff:198.51.100.9", true)]
    [InlineData("::ffff:192.0.2.8", false)]
    [InlineData("2001:db8:10:ffff::1", true)]
    [InlineData("2001:db8:11::1", false)]
    [InlineData("2001:db8::5", true)]
    [InlineData("2001:db8::6", false)]
    [InlineData("203.0.113.200", true)]
    [InlineData("127.0.0.1", false)]
    public void Contains_AddressInsideOrOutsideEntries_AnswersMembership(string address, bool expected)
    {
        var contains = _allowlist.Contains(IPAddress.Parse(address));

        Assert.Equal(expected, contains);
    }

    [Theory]
    [InlineData("")]
    [InlineData("trunk.example.net")]
    [InlineData("10.1.2.3/8")]
    [InlineData("10.0.0.0/33")]
    [InlineData("300.1.1.1")]
    [InlineData("2001:db8::/129")]
    public void TryParseEntry_InvalidEntry_ReturnsFalse(string entry)
    {
        var parsed = TrustedTrunkAllowlist.TryParseEntry(entry, out _);

        Assert.False(parsed);
    }

    [Fact]
    public void Constructor_InvalidEntry_Throws()
    {
        var act = () => new TrustedTrunkAllowlist(["10.0.0.1", "not-an-address"]);

        Assert.Throws<FormatException>(act);
    }
}
