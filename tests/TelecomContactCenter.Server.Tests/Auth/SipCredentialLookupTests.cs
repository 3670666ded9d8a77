using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using TelecomContactCenter.Server.Auth;
using TelecomContactCenter.Server.Tests.Infrastructure;

namespace TelecomContactCenter.Server.Tests.Auth;

public sealed class SipCredentialLookupTests(SqliteServerFixture fixture) : IClassFixture<SqliteServerFixture>
{
    [Fact]
    public void ComputeHa1_Rfc2617Example_MatchesPublishedValue()
    {
        var ha1 = SipCredentialStore.ComputeHa1(HashAlgorithmName.MD5, "Mufasa", "testrealm@host.com", "Circle Of Life");

        Assert.Equal("939e7578ed9e3c518a452acee763bce9", ha1);
    }

    [Fact]
    public async Task FindAsync_DemoAgent_ReturnsHa1OverUserRealmPassword()
    {
        var lookup = fixture.Factory.Services.GetRequiredService<SipCredentialLookup>();

        var credential = await lookup.FindAsync("agent1", CancellationToken.None);

        Assert.NotNull(credential);
        Assert.Equal("contactcenter", credential.Realm);
        var expected = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("agent1:contactcenter:" + ServerFixture.Password)));
        Assert.Equal(expected, credential.Ha1Sha256);
        Assert.Equal(32, credential.Ha1Md5.Length);
    }

    [Fact]
    public async Task FindAsync_UserWithoutSipPhone_ReturnsNull()
    {
        var lookup = fixture.Factory.Services.GetRequiredService<SipCredentialLookup>();

        Assert.Null(await lookup.FindAsync("supervisor1", CancellationToken.None));
    }
}
