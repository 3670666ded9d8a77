using System.Net;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using TelecomContactCenter.Sip.Authentication;
using TelecomContactCenter.Sip.Messages;
using TelecomContactCenter.Sip.Parsing;
using TelecomContactCenter.Sip.Registrar;
using TelecomContactCenter.Sip.Tests.Authentication;
using TelecomContactCenter.Testing;

namespace TelecomContactCenter.Sip.Tests.Registrar;

/// <summary>A registrar on a fake clock plus a phone that builds REGISTERs as wire text and answers challenges.</summary>
internal sealed class RegistrarFixture
{
    public static readonly IPEndPoint PhoneEndPoint = new(IPAddress.Parse("192.0.2.10"), 5062);

    public RegistrarFixture(RegistrarOptions? registrarOptions = null, IAuthenticationFailureSink? failureSink = null, WatchedTimeProvider? time = null)
    {
        Time = time ?? new();
        var digest = Options.Create(new DigestOptions());
        var authenticator = new SipDigestAuthenticator(
            InMemorySipCredentialStore.CreateDemo("contactcenter"),
            new DigestNonces(Time, digest),
            new NonceCountCache(Time, digest),
            new AuthenticationFailureTracker(Time, digest, failureSink is null ? [] : [failureSink]),
            digest);
        var options = Options.Create(registrarOptions ?? new RegistrarOptions());
        Store = new RegistrationStore(Time, options);
        Registrar = new SipRegistrar(authenticator, Store, Time, options, NullLogger<SipRegistrar>.Instance);
    }

    public WatchedTimeProvider Time { get; }

    public RegistrationStore Store { get; }

    public SipRegistrar Registrar { get; }

    public static SipRequest Register(
        string user,
        long cseq,
        string callId,
        IEnumerable<string> contacts,
        int? expires = null,
        string? authorization = null,
        params string[] extra)
    {
        var text = new StringBuilder()
            .Append("REGISTER sip:contactcenter SIP/2.0\r\n")
            .Append("Via: SIP/2.0/UDP 192.0.2.10:5062;branch=z9hG4bK").Append(Guid.NewGuid().ToString("N")).Append("\r\n")
            .Append("Max-Forwards: 70\r\n")
            .Append("From: <sip:").Append(user).Append("@contactcenter>;tag=ph1\r\n")
            .Append("To: <sip:").Append(user).Append("@contactcenter>\r\n")
            .Append("Call-ID: ").Append(callId).Append("\r\n")
            .Append("CSeq: ").Append(cseq).Append(" REGISTER\r\n");
        foreach (var contact in contacts)
        {
            text.Append("Contact: ").Append(contact).Append("\r\n");
        }

        if (expires is { } e)
        {
            text.Append("Expires: ").Append(e).Append("\r\n");
        }

        if (authorization is not null)
        {
            text.Append("Authorization: ").Append(authorization).Append("\r\n");
        }

        foreach (var header in extra)
        {
            text.Append(header).Append("\r\n");
        }

        var result = SipParser.Parse(Encoding.UTF8.GetBytes(text.Append("Content-Length: 0\r\n\r\n").ToString()));
        Assert.True(result.IsSuccess, result.Error);
        return Assert.IsType<SipRequest>(result.Message);
    }

    /// <summary>REGISTER, take the 401's first challenge, REGISTER again with credentials; returns the final answer.</summary>
    public async Task<SipResponse> RegisterWithAuth(
        string user,
        IEnumerable<string> contacts,
        int? expires = null,
        string password = InMemorySipCredentialStore.DemoPassword,
        string callId = "reg-1@192.0.2.10",
        long cseq = 1,
        IPEndPoint? source = null,
        params string[] extra)
    {
        var contactList = contacts.ToList();
        var first = await Registrar.HandleAsync(
            Register(user, cseq, callId, contactList, expires, null, extra), source ?? PhoneEndPoint, CancellationToken.None);
        Assert.Equal(401, first.StatusCode);
        var challenge = first.Headers.GetLines(SipHeaderNames.WwwAuthenticate)[0];
        var authorization = TestDigestClient.Authorization(challenge, user, password, uri: "sip:contactcenter");
        return await Registrar.HandleAsync(
            Register(user, cseq + 1, callId, contactList, expires, authorization, extra),
            source ?? PhoneEndPoint,
            CancellationToken.None);
    }
}
