using TelecomContactCenter.Sip.Authentication;
using TelecomContactCenter.Sip.Identity;
using TelecomContactCenter.Sip.Tests.Registrar;

namespace TelecomContactCenter.Sip.Tests.Protection;

/// <summary>
/// INVITE admission and caller identity against real sipp callers on distinct loopback addresses: 127.0.0.3 is
/// the trusted trunk, 127.0.0.4 a phone that registers first, 127.0.0.2 a stranger.
/// </summary>
public sealed class SippInviteAdmissionTests
{
    private const string TrunkAddress = "127.0.0.3";

    [Fact]
    public async Task Invite_FromStranger_Gets403()
    {
        await using var harness = await Start();

        var (exitCode, log) = await SippRegistrarTests.RunSippFromAsync("127.0.0.2", "invite-caller.xml", harness, "u1");

        Assert.True(exitCode == 0, log);
        var (status, _) = Assert.Single(harness.Calls);
        Assert.Equal(403, status);
    }

    [Fact]
    public async Task Invite_FromTrustedTrunk_IsAdmittedWithNetworkAssertedIdentity()
    {
        await using var harness = await Start();

        var (exitCode, log) = await SippRegistrarTests.RunSippFromAsync(TrunkAddress, "invite-caller.xml", harness, "u1");

        Assert.True(exitCode == 0, log);
        var (status, identity) = Assert.Single(harness.Calls);
        Assert.Equal(480, status);
        Assert.Equal(IdentityConfidence.NetworkAsserted, identity.Confidence);
        Assert.Equal("+8613900000002", identity.E164);
        Assert.Equal("Zhang San", identity.DisplayName);
    }

    [Fact]
    public async Task Invite_FromRegisteredPhone_IsAdmittedButItsAssertedIdentityIgnored()
    {
        await using var harness = await Start();
        var (registered, registerLog) = await SippRegistrarTests.RunSippFromAsync(
            "127.0.0.4", "register-digest.xml", harness, "u1", "-s", "agent1");

        var (exitCode, log) = await SippRegistrarTests.RunSippFromAsync("127.0.0.4", "invite-caller.xml", harness, "u1");

        Assert.True(registered == 0, registerLog);
        Assert.True(exitCode == 0, log);
        var (status, identity) = Assert.Single(harness.Calls);
        Assert.Equal(480, status);
        Assert.Equal(IdentityConfidence.UserProvided, identity.Confidence);
        Assert.Equal(IdentityHeader.From, identity.Source);
        Assert.Equal("+8613800000001", identity.E164);
    }

    private static Task<RegistrarHarness> Start()
    {
        var options = new DigestOptions();
        return RegistrarHarness.StartAsync(options, TrunkAddress);
    }
}
