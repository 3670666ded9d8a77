using System.Net;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using TelecomContactCenter.Sip.Authentication;
using TelecomContactCenter.Sip.Messages;

namespace TelecomContactCenter.Sip.Tests.Authentication;

/// <summary>
/// The client side of digest, as the service answers a trunk's 401/407: checked against the registrar's own
/// authenticator (a real challenge, verified the way a phone's answer is) and for the request it produces.
/// </summary>
public sealed class DigestChallengeAnswerTests
{
    private const string Password = InMemorySipCredentialStore.DemoPassword;
    private static readonly IPAddress Service = IPAddress.Parse("192.0.2.20");
    private readonly FakeTimeProvider _time = new();

    [Theory]
    [InlineData(SipStatusCodes.Unauthorized, "WWW-Authenticate", "Authorization")]
    [InlineData(SipStatusCodes.ProxyAuthenticationRequired, "Proxy-Authenticate", "Proxy-Authorization")]
    public async Task TryAnswer_ChallengeFromTheAuthenticator_IsAcceptedByIt(int status, string challengeHeader, string answerHeader)
    {
        var authenticator = CreateAuthenticator();
        var invite = Invite();
        var challenge = await authenticator.AuthenticateAsync("INVITE", invite.RequestUri.ToString(), [], Service, CancellationToken.None);
        var response = SipResponse.CreateFor(invite, status);
        foreach (var line in challenge.Challenges)
        {
            response.Headers.Add(challengeHeader, line);
        }

        var answered = DigestChallengeAnswer.TryAnswer(invite, response, "agent1", Password);
        var outcome = await authenticator.AuthenticateAsync("INVITE", answered!.RequestUri.ToString(), answered.Headers.GetLines(answerHeader), Service,
            CancellationToken.None);

        Assert.Equal(DigestOutcomeKind.Authenticated, outcome.Kind);
        Assert.Contains("algorithm=SHA-256", answered.Headers.Get(answerHeader), StringComparison.Ordinal);
    }

    [Fact]
    public void TryAnswer_KeepsTheDialogIdentityAndBody_RaisesCSeqAndLeavesTheViaToTheNewTransaction()
    {
        var invite = Invite();
        var challenge = SipResponse.CreateFor(invite, SipStatusCodes.ProxyAuthenticationRequired);
        challenge.Headers.Add(SipHeaderNames.ProxyAuthenticate, "Digest realm=\"trunk\", nonce=\"abc\", qop=\"auth,auth-int\"");

        var answered = DigestChallengeAnswer.TryAnswer(invite, challenge, "callback", "secret")!;

        Assert.Equal((invite.CallId, invite.From!.Tag, invite.Headers.Get("To")), (answered.CallId, answered.From!.Tag, answered.Headers.Get("To")));
        Assert.Equal(new SipCSeq(2, "INVITE"), answered.CSeq);
        Assert.Null(answered.TopVia);
        Assert.Equal(invite.Body.ToArray(), answered.Body.ToArray());
        var credentials = answered.Headers.Get(SipHeaderNames.ProxyAuthorization)!;
        var cnonce = TestDigestClient.Param(credentials, "cnonce");
        var expected = TestDigestClient.Authorization("Digest realm=\"trunk\", nonce=\"abc\", algorithm=MD5, opaque=\"\"", "callback", "secret",
            method: "INVITE", uri: invite.RequestUri.ToString(), cnonce: cnonce);
        Assert.Equal(TestDigestClient.Param(expected, "response"), TestDigestClient.Param(credentials, "response"));
        Assert.Equal("00000001", TestDigestClient.Param(credentials, "nc"));
    }

    [Theory]
    [InlineData("Basic realm=\"trunk\"")]
    [InlineData("Digest realm=\"trunk\", nonce=\"abc\", algorithm=SHA-512-256")]
    [InlineData("Digest realm=\"trunk\", nonce=\"abc\", qop=\"auth-int\"")]
    [InlineData("Digest nonce=\"abc\"")]
    public void TryAnswer_ChallengeItCannotAnswer_GivesNull(string challengeLine)
    {
        var invite = Invite();
        var challenge = SipResponse.CreateFor(invite, SipStatusCodes.Unauthorized);
        challenge.Headers.Add(SipHeaderNames.WwwAuthenticate, challengeLine);

        Assert.Null(DigestChallengeAnswer.TryAnswer(invite, challenge, "callback", "secret"));
    }

    [Fact]
    public void TryAnswer_ChallengeForAnotherRealmThanConfigured_GivesNull()
    {
        var invite = Invite();
        var challenge = SipResponse.CreateFor(invite, SipStatusCodes.Unauthorized);
        challenge.Headers.Add(SipHeaderNames.WwwAuthenticate, "Digest realm=\"elsewhere\", nonce=\"abc\"");

        Assert.Null(DigestChallengeAnswer.TryAnswer(invite, challenge, "callback", "secret", realm: "trunk"));
    }

    [Fact]
    public void IsStale_ReadsTheStaleFlag()
    {
        var invite = Invite();
        var stale = SipResponse.CreateFor(invite, SipStatusCodes.Unauthorized);
        stale.Headers.Add(SipHeaderNames.WwwAuthenticate, "Digest realm=\"trunk\", nonce=\"new\", stale=TRUE");
        var wrong = SipResponse.CreateFor(invite, SipStatusCodes.Unauthorized);
        wrong.Headers.Add(SipHeaderNames.WwwAuthenticate, "Digest realm=\"trunk\", nonce=\"new\"");

        Assert.Equal((true, false), (DigestChallengeAnswer.IsStale(stale), DigestChallengeAnswer.IsStale(wrong)));
    }

    [Fact]
    public void Next_AnswersTheFirstChallengeAndAfterItOnlyAStaleOne()
    {
        var invite = Invite();
        SipResponse Challenge(bool stale)
        {
            var response = SipResponse.CreateFor(invite, SipStatusCodes.ProxyAuthenticationRequired);
            response.Headers.Add(SipHeaderNames.ProxyAuthenticate, "Digest realm=\"trunk\", nonce=\"abc\"" + (stale ? ", stale=true" : ""));
            return response;
        }

        var answers = (
            First: DigestChallengeAnswer.Next(invite, Challenge(stale: false), 0, "callback", "secret") is not null,
            Refused: DigestChallengeAnswer.Next(invite, Challenge(stale: false), 1, "callback", "secret") is not null,
            Stale: DigestChallengeAnswer.Next(invite, Challenge(stale: true), 1, "callback", "secret") is not null,
            StaleAgain: DigestChallengeAnswer.Next(invite, Challenge(stale: true), 2, "callback", "secret") is not null,
            Busy: DigestChallengeAnswer.Next(invite, SipResponse.CreateFor(invite, SipStatusCodes.BusyHere), 0, "callback", "secret") is not null);

        Assert.Equal((true, false, true, false, false), answers);
    }

    private static SipRequest Invite()
    {
        var request = SipRequest.Create(SipMethod.Invite, SipUri.Parse("sip:+8613800000004@trunk.example"),
            NameAddress.Parse("\"Contact centre\" <sip:callback@192.0.2.20>;tag=abc123"), NameAddress.Parse("<sip:+8613800000004@trunk.example>"),
            "call-1@192.0.2.20", 1);
        request.Headers.AddFirst(SipHeaderNames.Via, "SIP/2.0/UDP 192.0.2.20:5060;branch=z9hG4bK-first");
        request.Body = "v=0\r\n"u8.ToArray();
        request.ContentType = "application/sdp";
        return request;
    }

    private SipDigestAuthenticator CreateAuthenticator()
    {
        // Both algorithms, as a trunk that offers SHA-256 beside MD5 does: the service's answer picks SHA-256.
        var digest = new DigestOptions();
        digest.Algorithms.Add("SHA-256");
        digest.Algorithms.Add("MD5");
        var options = Options.Create(digest);
        return new SipDigestAuthenticator(
            InMemorySipCredentialStore.CreateDemo(options.Value.Realm),
            new DigestNonces(_time, options),
            new NonceCountCache(_time, options),
            new AuthenticationFailureTracker(_time, options),
            options);
    }
}
