using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using TelecomContactCenter.Sip.Authentication;

namespace TelecomContactCenter.Sip.Tests.Authentication;

public sealed class DigestNoncesTests
{
    private readonly FakeTimeProvider _time = new();
    private readonly IOptions<DigestOptions> _options = Options.Create(new DigestOptions());

    [Fact]
    public void Check_FreshNonce_IsValidWithIssueTime()
    {
        var nonces = new DigestNonces(_time, _options);
        var nonce = nonces.Issue();

        var validity = nonces.Check(nonce, out var issuedAt);

        Assert.Equal(NonceValidity.Valid, validity);
        Assert.Equal(_time.GetUtcNow(), issuedAt);
    }

    [Fact]
    public void Issue_TwiceAtSameInstant_GivesDifferentNonces()
    {
        var nonces = new DigestNonces(_time, _options);

        var first = nonces.Issue();
        var second = nonces.Issue();

        Assert.NotEqual(first, second);
    }

    [Fact]
    public void Check_AfterDefaultLifetimeOfFiveMinutes_IsExpired()
    {
        var nonces = new DigestNonces(_time, _options);
        var nonce = nonces.Issue();
        _time.Advance(TimeSpan.FromMinutes(5));
        var atLimit = nonces.Check(nonce, out _);

        _time.Advance(TimeSpan.FromMilliseconds(1));
        var pastLimit = nonces.Check(nonce, out _);

        Assert.Equal(NonceValidity.Valid, atLimit);
        Assert.Equal(NonceValidity.Expired, pastLimit);
    }

    [Fact]
    public void Check_NonceFromAnotherProcessSecret_IsInvalid()
    {
        var other = new DigestNonces(_time, _options).Issue();
        var nonces = new DigestNonces(_time, _options);

        var validity = nonces.Check(other, out _);

        Assert.Equal(NonceValidity.Invalid, validity);
    }

    [Fact]
    public void Check_OneCharacterChanged_IsInvalid()
    {
        var nonces = new DigestNonces(_time, _options);
        var nonce = nonces.Issue();
        var tampered = nonce[..5] + (nonce[5] == 'A' ? 'B' : 'A') + nonce[6..];

        var validity = nonces.Check(tampered, out _);

        Assert.Equal(NonceValidity.Invalid, validity);
    }

    [Theory]
    [InlineData("")]
    [InlineData("short")]
    [InlineData("!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!")]
    [InlineData("dcd98b7102dd2f0e8b11d0f600bfb0c093")]
    public void Check_Garbage_IsInvalid(string nonce)
    {
        var nonces = new DigestNonces(_time, _options);

        var validity = nonces.Check(nonce, out _);

        Assert.Equal(NonceValidity.Invalid, validity);
    }
}
