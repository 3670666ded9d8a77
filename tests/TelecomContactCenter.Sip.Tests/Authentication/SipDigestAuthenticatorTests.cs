using System.Net;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using TelecomContactCenter.Sip.Authentication;

namespace TelecomContactCenter.Sip.Tests.Authentication;

public sealed class SipDigestAuthenticatorTests
{
    private const string Password = InMemorySipCredentialStore.DemoPassword;
    private const string RequestUri = "sip:contactcenter.example";
    private static readonly IPAddress Phone = IPAddress.Parse("192.0.2.10");
    private readonly FakeTimeProvider _time = new();
    private readonly SipDigestAuthenticator _authenticator;

    public SipDigestAuthenticatorTests()
    {
        _authenticator = Create(new DigestOptions());
    }

    [Fact]
    public async Task AuthenticateAsync_NoCredentialsOnTheDefaults_ChallengesMd5Alone()
    {
        var outcome = await Authenticate();

        Assert.Equal(DigestOutcomeKind.Challenge, outcome.Kind);
        var challenge = Assert.Single(outcome.Challenges);
        Assert.Equal("MD5", TestDigestClient.Param(challenge, "algorithm"));
        Assert.Equal("contactcenter", TestDigestClient.Param(challenge, "realm"));
        Assert.Equal("auth", TestDigestClient.Param(challenge, "qop"));
        Assert.DoesNotContain("stale", challenge, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AuthenticateAsync_BothAlgorithmsConfigured_ChallengesSha256FirstThenMd5()
    {
        var outcome = await Authenticate(Create(BothAlgorithms()));

        Assert.Equal(["SHA-256", "MD5"], outcome.Challenges.Select(c => TestDigestClient.Param(c, "algorithm")));
    }

    [Fact]
    public async Task AuthenticateAsync_UserWithTheirOwnAlgorithms_GetsThemWhileOthersKeepTheDefault()
    {
        var options = new DigestOptions();
        options.UserAlgorithms["agent2"] = ["SHA-256"];
        var authenticator = Create(options);

        var forAgent2 = await authenticator.AuthenticateAsync("REGISTER", RequestUri, [], Phone, "agent2", CancellationToken.None);
        var forAgent1 = await authenticator.AuthenticateAsync("REGISTER", RequestUri, [], Phone, "agent1", CancellationToken.None);
        var sha = Assert.Single(forAgent2.Challenges);
        var md5 = Assert.Single(forAgent1.Challenges);
        var agent2WithSha = await Authenticate(authenticator, TestDigestClient.Authorization(sha, "agent2", Password));
        var agent2WithMd5 = await Authenticate(authenticator, TestDigestClient.Authorization(md5, "agent2", Password));
        var agent1WithMd5 = await Authenticate(authenticator, TestDigestClient.Authorization(md5, "agent1", Password));

        Assert.Equal("SHA-256", TestDigestClient.Param(sha, "algorithm"));
        Assert.Equal("MD5", TestDigestClient.Param(md5, "algorithm"));
        Assert.Equal(DigestOutcomeKind.Authenticated, agent2WithSha.Kind);
        Assert.Equal(DigestOutcomeKind.Challenge, agent2WithMd5.Kind);
        Assert.Equal("SHA-256", TestDigestClient.Param(agent2WithMd5.Challenges.Single(), "algorithm"));
        Assert.Equal(DigestOutcomeKind.Authenticated, agent1WithMd5.Kind);
    }

    [Theory]
    [InlineData(0, "auth")]
    [InlineData(1, "auth")]
    [InlineData(0, null)]
    [InlineData(1, null)]
    public async Task AuthenticateAsync_RightPassword_AuthenticatesWithEitherAlgorithmAndQopMode(
        int challengeIndex, string? qop)
    {
        var authenticator = Create(BothAlgorithms());
        var challenge = (await Authenticate(authenticator)).Challenges[challengeIndex];

        var outcome = await Authenticate(authenticator, TestDigestClient.Authorization(challenge, "agent1", Password, qop: qop));

        Assert.Equal(DigestOutcomeKind.Authenticated, outcome.Kind);
        Assert.Equal("agent1", outcome.UserName);
    }

    [Fact]
    public async Task AuthenticateAsync_ResponseForAnotherMethod_IsRejected()
    {
        var challenge = (await Authenticate()).Challenges[0];

        var outcome = await Authenticate(TestDigestClient.Authorization(challenge, "agent1", Password, method: "INVITE"));

        Assert.Equal(DigestOutcomeKind.Challenge, outcome.Kind);
    }

    [Fact]
    public async Task AuthenticateAsync_WithoutQopWhenDisabled_ChallengesAgain()
    {
        var authenticator = Create(new DigestOptions { AllowResponsesWithoutQop = false });
        var challenge = (await Authenticate(authenticator)).Challenges[0];

        var outcome = await Authenticate(authenticator, TestDigestClient.Authorization(challenge, "agent1", Password, qop: null));

        Assert.Equal(DigestOutcomeKind.Challenge, outcome.Kind);
    }

    [Fact]
    public async Task AuthenticateAsync_WrongPasswordFiveTimes_ChallengesFourTimesThenForbids()
    {
        var kinds = new List<DigestOutcomeKind>();

        for (var i = 0; i < 5; i++)
        {
            var challenge = (await Authenticate()).Challenges[0];
            kinds.Add((await Authenticate(TestDigestClient.Authorization(challenge, "agent1", "wrong"))).Kind);
        }

        Assert.Equal(Enumerable.Repeat(DigestOutcomeKind.Challenge, 4), kinds.Take(4));
        Assert.Equal(DigestOutcomeKind.Forbidden, kinds[4]);
    }

    [Fact]
    public async Task AuthenticateAsync_BlockedPair_ForbidsEvenRightPasswordUntilWindowPasses()
    {
        await FailTimes("agent2", 5);
        var challenge = (await Authenticate()).Challenges[0];
        var blocked = await Authenticate(TestDigestClient.Authorization(challenge, "agent2", Password));

        _time.Advance(TimeSpan.FromMinutes(10) + TimeSpan.FromSeconds(1));
        challenge = (await Authenticate()).Challenges[0];
        var later = await Authenticate(TestDigestClient.Authorization(challenge, "agent2", Password));

        Assert.Equal(DigestOutcomeKind.Forbidden, blocked.Kind);
        Assert.Equal(DigestOutcomeKind.Authenticated, later.Kind);
    }

    [Fact]
    public async Task AuthenticateAsync_SuccessBetweenFailures_ResetsTheStreak()
    {
        await FailTimes("agent3", 4);
        var challenge = (await Authenticate()).Challenges[0];
        await Authenticate(TestDigestClient.Authorization(challenge, "agent3", Password));

        await FailTimes("agent3", 4);
        challenge = (await Authenticate()).Challenges[0];
        var outcome = await Authenticate(TestDigestClient.Authorization(challenge, "agent3", Password));

        Assert.Equal(DigestOutcomeKind.Authenticated, outcome.Kind);
    }

    [Fact]
    public async Task AuthenticateAsync_FailuresFromAnotherAddress_DoNotLockTheAgentsPhoneOut()
    {
        await FailTimes("agent4", 5, IPAddress.Parse("203.0.113.66"));
        var challenge = (await Authenticate()).Challenges[0];

        var outcome = await Authenticate(TestDigestClient.Authorization(challenge, "agent4", Password));

        Assert.Equal(DigestOutcomeKind.Authenticated, outcome.Kind);
    }

    [Fact]
    public async Task AuthenticateAsync_UnknownUser_CountsLikeAWrongPassword()
    {
        await FailTimes("mallory", 4);
        var challenge = (await Authenticate()).Challenges[0];

        var outcome = await Authenticate(TestDigestClient.Authorization(challenge, "mallory", Password));

        Assert.Equal(DigestOutcomeKind.Forbidden, outcome.Kind);
    }

    [Fact]
    public async Task AuthenticateAsync_ExpiredNonceWithRightPassword_ChallengesWithStaleTrue()
    {
        var challenge = (await Authenticate()).Challenges[0];
        _time.Advance(TimeSpan.FromMinutes(6));

        var outcome = await Authenticate(TestDigestClient.Authorization(challenge, "agent1", Password));

        Assert.Equal(DigestOutcomeKind.Challenge, outcome.Kind);
        Assert.True(outcome.IsStale);
        Assert.All(outcome.Challenges, c => Assert.Equal("true", TestDigestClient.Param(c, "stale")));
    }

    [Fact]
    public async Task AuthenticateAsync_ExpiredNonceWithWrongPassword_IsNotStale()
    {
        var challenge = (await Authenticate()).Challenges[0];
        _time.Advance(TimeSpan.FromMinutes(6));

        var outcome = await Authenticate(TestDigestClient.Authorization(challenge, "agent1", "wrong"));

        Assert.Equal(DigestOutcomeKind.Challenge, outcome.Kind);
        Assert.False(outcome.IsStale);
    }

    [Fact]
    public async Task AuthenticateAsync_ReplayedNonceCount_IsRefusedButHigherCountAccepted()
    {
        var challenge = (await Authenticate()).Challenges[0];
        await Authenticate(TestDigestClient.Authorization(challenge, "agent1", Password, nc: 1));

        var replay = await Authenticate(TestDigestClient.Authorization(challenge, "agent1", Password, nc: 1));
        var next = await Authenticate(TestDigestClient.Authorization(challenge, "agent1", Password, nc: 2));

        Assert.Equal(DigestOutcomeKind.Challenge, replay.Kind);
        Assert.True(replay.IsStale);
        Assert.Equal(DigestOutcomeKind.Authenticated, next.Kind);
    }

    [Fact]
    public async Task AuthenticateAsync_ForgedNonce_ChallengesWithoutCountingAFailure()
    {
        var challenge = (await Authenticate()).Challenges[0].Replace("nonce=\"", "nonce=\"X", StringComparison.Ordinal);
        for (var i = 0; i < 6; i++)
        {
            await Authenticate(TestDigestClient.Authorization(challenge, "agent5", "wrong"));
        }

        var fresh = (await Authenticate()).Challenges[0];
        var outcome = await Authenticate(TestDigestClient.Authorization(fresh, "agent5", Password));

        Assert.Equal(DigestOutcomeKind.Authenticated, outcome.Kind);
    }

    [Fact]
    public async Task AuthenticateAsync_CredentialsForAnotherRealmOnly_Challenges()
    {
        var challenge = (await Authenticate()).Challenges[0];

        var outcome = await Authenticate(
            TestDigestClient.Authorization(challenge, "agent1", Password, realmOverride: "other"));

        Assert.Equal(DigestOutcomeKind.Challenge, outcome.Kind);
    }

    [Fact]
    public async Task AuthenticateAsync_BrokenCredentialsForOurRealm_IsMalformed()
    {
        var outcome = await Authenticate("Digest username=\"agent1\", realm=\"contactcenter\", nonce=\"x\"");

        Assert.Equal(DigestOutcomeKind.Malformed, outcome.Kind);
    }

    [Fact]
    public async Task AuthenticateAsync_OnlyMd5Configured_RefusesSha256Response()
    {
        var options = new DigestOptions();
        options.Algorithms.Add("MD5");
        var authenticator = Create(options);
        var challenge = (await Authenticate(authenticator)).Challenges.Single();
        var sha = challenge.Replace("algorithm=MD5", "algorithm=SHA-256", StringComparison.Ordinal);

        var outcome = await Authenticate(authenticator, TestDigestClient.Authorization(sha, "agent1", Password));

        Assert.Equal(DigestOutcomeKind.Challenge, outcome.Kind);
    }

    [Fact]
    public async Task AuthenticateAsync_DigestUriNotTheRequestUri_IsMalformed()
    {
        var challenge = (await Authenticate()).Challenges[0];

        var outcome = await Authenticate(TestDigestClient.Authorization(challenge, "agent1", Password, uri: "sip:other.example"));

        Assert.Equal(DigestOutcomeKind.Malformed, outcome.Kind);
    }

    [Fact]
    public async Task AuthenticateAsync_DigestUriDiffersOnlyInCase_IsAccepted()
    {
        var challenge = (await Authenticate()).Challenges[0];

        var outcome = await Authenticate(
            TestDigestClient.Authorization(challenge, "agent1", Password, uri: "SIP:ContactCenter.Example"));

        Assert.Equal(DigestOutcomeKind.Authenticated, outcome.Kind);
    }

    private async Task FailTimes(string user, int times, IPAddress? source = null)
    {
        for (var i = 0; i < times; i++)
        {
            var challenge = (await Authenticate()).Challenges[0];
            await _authenticator.AuthenticateAsync(
                "REGISTER",
                RequestUri,
                [TestDigestClient.Authorization(challenge, user, "wrong")],
                source ?? Phone,
                CancellationToken.None);
        }
    }

    private ValueTask<DigestOutcome> Authenticate(params string[] authorization) =>
        Authenticate(_authenticator, authorization);

    private static ValueTask<DigestOutcome> Authenticate(SipDigestAuthenticator authenticator, params string[] authorization) =>
        authenticator.AuthenticateAsync("REGISTER", RequestUri, authorization, Phone, CancellationToken.None);

    private static DigestOptions BothAlgorithms()
    {
        var options = new DigestOptions();
        options.Algorithms.Add("SHA-256");
        options.Algorithms.Add("MD5");
        return options;
    }

    private SipDigestAuthenticator Create(DigestOptions options)
    {
        var wrapped = Options.Create(options);
        return new SipDigestAuthenticator(
            InMemorySipCredentialStore.CreateDemo(options.Realm),
            new DigestNonces(_time, wrapped),
            new NonceCountCache(_time, wrapped),
            new AuthenticationFailureTracker(_time, wrapped),
            wrapped);
    }
}
