using System.Net;
using TelecomContactCenter.Sip.Authentication;
using TelecomContactCenter.Sip.Messages;
using TelecomContactCenter.Sip.Tests.UserAgent;

namespace TelecomContactCenter.Sip.Tests.Registrar;

/// <summary>The registrar behind the real SIP stack, driven with hand-written datagrams.</summary>
public sealed class RegistrarStackTests
{
    [Fact]
    public async Task TryHandleAsync_RegisterOverUdp_IsChallengedWithEachConfiguredAlgorithm()
    {
        var options = new DigestOptions();
        options.Algorithms.Add("SHA-256");
        options.Algorithms.Add("MD5");
        await using var harness = await RegistrarHarness.StartAsync(options);
        using var phone = new RawSipClient(new IPEndPoint(IPAddress.Loopback, harness.UdpPort));

        await phone.SendAsync(phone.Request("REGISTER", "reg-raw-1", 1));
        var response = await phone.ReceiveAsync(200);

        Assert.Equal(401, response.StatusCode);
        Assert.Equal(
            ["SHA-256", "MD5"],
            response.Headers.GetLines(SipHeaderNames.WwwAuthenticate).Select(c => Authentication.TestDigestClient.Param(c, "algorithm")));
    }

    [Fact]
    public async Task TryHandleAsync_OtherMethodOutsideDialog_IsLeftToTheStack()
    {
        await using var harness = await RegistrarHarness.StartAsync(new DigestOptions());
        using var phone = new RawSipClient(new IPEndPoint(IPAddress.Loopback, harness.UdpPort));

        await phone.SendAsync(phone.Request("MESSAGE", "msg-raw-1", 1));
        var response = await phone.ReceiveAsync(200);

        Assert.Equal(405, response.StatusCode);
    }

    [Fact]
    public async Task TryHandleAsync_CredentialStoreFails_Answers500()
    {
        await using var harness = await RegistrarHarness.StartAsync(new DigestOptions(), new FailingStore());
        using var phone = new RawSipClient(new IPEndPoint(IPAddress.Loopback, harness.UdpPort));
        await phone.SendAsync(phone.Request("REGISTER", "reg-raw-2", 1));
        var challenge = (await phone.ReceiveAsync(200)).Headers.GetLines(SipHeaderNames.WwwAuthenticate)[0];
        var authorization = Authentication.TestDigestClient.Authorization(
            challenge, "caller", "secret", uri: $"sip:10000@127.0.0.1:{harness.UdpPort}");
        var request = phone.Request("REGISTER", "reg-raw-2", 2, branch: "z9hG4bKsecond")
            .Replace("Max-Forwards: 70\r\n", $"Max-Forwards: 70\r\nAuthorization: {authorization}\r\n", StringComparison.Ordinal);

        await phone.SendAsync(request);
        var response = await phone.ReceiveAsync(200);

        Assert.Equal(500, response.StatusCode);
    }

    private sealed class FailingStore : ISipCredentialStore
    {
        public ValueTask<SipCredential?> FindAsync(string userName, CancellationToken ct) =>
            throw new InvalidOperationException("user database unreachable");
    }
}
