using System.Net;
using Microsoft.Extensions.Options;
using TelecomContactCenter.Sip.Identity;
using TelecomContactCenter.Sip.Protection;

namespace TelecomContactCenter.Sip.Tests.Identity;

public sealed class CallerIdentityResolverTests
{
    private const string Trunk = "198.51.100.20";
    private const string CallerFrom = "\"Li Wei\" <sip:13800000001@pbx.example>;tag=a1";
    private readonly CallerIdentityResolver _resolver = new(
        new E164Normalizer(Options.Create(new PhoneNumberOptions())),
        new TrustedTrunkAllowlist(["198.51.100.0/24"]));

    [Fact]
    public void Resolve_PaiFromTrustedTrunk_IsNetworkAsserted()
    {
        var request = TestSipRequests.Invite(
            "<sip:spoofed@evil.example>;tag=1", "P-Asserted-Identity: \"Zhang San\" <sip:+8613900000002@trunk.example;user=phone>");

        var identity = _resolver.Resolve(request, IPAddress.Parse(Trunk));

        Assert.Equal(IdentityConfidence.NetworkAsserted, identity.Confidence);
        Assert.Equal(IdentityHeader.PAssertedIdentity, identity.Source);
        Assert.Equal("+8613900000002", identity.E164);
        Assert.Equal("+8613900000002", identity.Raw);
        Assert.Equal("Zhang San", identity.DisplayName);
    }

    [Fact]
    public void Resolve_PaiFromUntrustedSource_IsIgnoredForFrom()
    {
        var request = TestSipRequests.Invite(CallerFrom, "P-Asserted-Identity: <tel:+8613900000002>");

        var identity = _resolver.Resolve(request, IPAddress.Parse("203.0.113.5"));

        Assert.Equal(IdentityConfidence.UserProvided, identity.Confidence);
        Assert.Equal(IdentityHeader.From, identity.Source);
        Assert.Equal("+8613800000001", identity.E164);
        Assert.Equal("Li Wei", identity.DisplayName);
    }

    [Fact]
    public void Resolve_PaiSipAndTelValues_PrefersTheOneWithANumber()
    {
        var request = TestSipRequests.Invite(
            CallerFrom, "P-Asserted-Identity: <sip:alice@trunk.example>, <tel:+86-10-1234-5678>");

        var identity = _resolver.Resolve(request, true);

        Assert.Equal("+861012345678", identity.E164);
        Assert.Equal("+86-10-1234-5678", identity.Raw);
    }

    [Theory]
    [InlineData("<tel:+86-010-1234-5678>", "(010) 1234 5678")]
    [InlineData("<sip:008613800000001@trunk.example>", "138-0000-0001")]
    [InlineData("<sip:8613800000001@trunk.example>", "+86 138 0000 0001")]
    public void Resolve_CallerWrittenOneWayCustomerAnother_SameE164(string asserted, string typedByAgent)
    {
        var normalizer = new E164Normalizer(Options.Create(new PhoneNumberOptions()));
        var request = TestSipRequests.Invite(CallerFrom, $"P-Asserted-Identity: {asserted}");

        var identity = _resolver.Resolve(request, IPAddress.Parse(Trunk));
        var customer = normalizer.Parse(typedByAgent);

        Assert.NotNull(identity.E164);
        Assert.Equal(customer.E164, identity.E164);
    }

    [Fact]
    public void Resolve_TwoPaiHeaderLines_ReadsBoth()
    {
        var request = TestSipRequests.Invite(
            CallerFrom, "P-Asserted-Identity: <sip:alice@trunk.example>", "P-Asserted-Identity: <tel:01012345678>");

        var identity = _resolver.Resolve(request, true);

        Assert.Equal("+861012345678", identity.E164);
    }

    [Fact]
    public void Resolve_PrivacyIdWithTrustedPai_IsWithheldButKeptForTheTrustDomain()
    {
        var request = TestSipRequests.Invite(
            "\"Anonymous\" <sip:anonymous@anonymous.invalid>;tag=1",
            "P-Asserted-Identity: <tel:+8613900000002>",
            "Privacy: id");

        var identity = _resolver.Resolve(request, true);

        Assert.Equal(IdentityConfidence.Withheld, identity.Confidence);
        Assert.Equal(IdentityHeader.PAssertedIdentity, identity.Source);
        Assert.Null(identity.E164);
        Assert.Null(identity.Raw);
        Assert.Null(identity.DisplayName);
        Assert.Equal("+8613900000002", identity.TrustDomainE164);
    }

    [Theory]
    [InlineData("Privacy: id")]
    [InlineData("Privacy: header;user")]
    [InlineData("Privacy: user")]
    [InlineData("Privacy: ID ; critical")]
    public void Resolve_PrivacyRequestedOnFromOnlyCall_IsWithheldWithoutAnyNumber(string privacy)
    {
        var request = TestSipRequests.Invite(CallerFrom, privacy);

        var identity = _resolver.Resolve(request, false);

        Assert.Equal(IdentityConfidence.Withheld, identity.Confidence);
        Assert.Null(identity.E164);
        Assert.Null(identity.TrustDomainE164);
    }

    [Theory]
    [InlineData("Privacy: none")]
    [InlineData("Privacy: session")]
    public void Resolve_PrivacyThatDoesNotConcernIdentity_KeepsTheNumber(string privacy)
    {
        var request = TestSipRequests.Invite(CallerFrom, privacy);

        var identity = _resolver.Resolve(request, false);

        Assert.Equal(IdentityConfidence.UserProvided, identity.Confidence);
        Assert.Equal("+8613800000001", identity.E164);
    }

    [Theory]
    [InlineData("\"Anonymous\" <sip:anonymous@anonymous.invalid>;tag=1")]
    [InlineData("<sip:anonymous@192.0.2.1>;tag=1")]
    [InlineData("<sip:Restricted@pbx.example>;tag=1")]
    public void Resolve_AnonymousFrom_IsWithheld(string from)
    {
        var request = TestSipRequests.Invite(from);

        var identity = _resolver.Resolve(request, false);

        Assert.Equal(IdentityConfidence.Withheld, identity.Confidence);
        Assert.Equal(IdentityHeader.From, identity.Source);
        Assert.Null(identity.Raw);
    }

    [Fact]
    public void Resolve_AnonymousFromWithTrustedPai_UsesTheAssertedNumber()
    {
        var request = TestSipRequests.Invite(
            "<sip:anonymous@anonymous.invalid>;tag=1", "P-Asserted-Identity: <sip:+8613900000002@trunk;user=phone>");

        var identity = _resolver.Resolve(request, true);

        Assert.Equal(IdentityConfidence.NetworkAsserted, identity.Confidence);
        Assert.Equal("+8613900000002", identity.E164);
    }

    [Theory]
    [InlineData("<sip:+86-138-0000-0001@pbx.example;user=phone>;tag=1", "+8613800000001")]
    [InlineData("<sip:+86-138-0000-0001@pbx.example>;tag=1", null)]
    [InlineData("<sip:013800000001@pbx.example>;tag=1", "+8613800000001")]
    [InlineData("<sip:0123@pbx.example>;tag=1", null)]
    [InlineData("<sip:008613800000001@pbx.example>;tag=1", "+8613800000001")]
    [InlineData("<sip:02112345678@pbx.example;user=phone>;tag=1", "+862112345678")]
    [InlineData("<tel:021-1234-5678>;tag=1", "+862112345678")]
    [InlineData("<tel:12345678;phone-context=+86-21>;tag=1", "+862112345678")]
    [InlineData("sip:13800000001@pbx.example;tag=1", "+8613800000001")]
    [InlineData("<sip:alice@example.com>;tag=1", null)]
    [InlineData("<sip:8001@pbx.example>;tag=1", null)]
    public void Resolve_FromInVariousFormats_NormalisesWhereItIsASubscriberNumber(string from, string? e164)
    {
        var request = TestSipRequests.Invite(from);

        var identity = _resolver.Resolve(request, false);

        Assert.Equal(IdentityConfidence.UserProvided, identity.Confidence);
        Assert.Equal(e164, identity.E164);
        Assert.NotNull(identity.Raw);
    }

    [Fact]
    public void Resolve_FromWithoutUserPart_IsUnknown()
    {
        var request = TestSipRequests.Invite("<sip:pbx.example>;tag=1");

        var identity = _resolver.Resolve(request, false);

        Assert.Equal(IdentityConfidence.Unknown, identity.Confidence);
        Assert.Null(identity.E164);
    }

    [Fact]
    public void Resolve_FromWithForeignScheme_IsUnparseable()
    {
        var request = TestSipRequests.Invite("<urn:service:sos>;tag=1");

        var identity = _resolver.Resolve(request, false);

        Assert.Equal(IdentityConfidence.Unparseable, identity.Confidence);
        Assert.Equal("urn:service:sos", identity.Raw);
    }

    [Fact]
    public void Resolve_GarbagePaiFromTrustedTrunk_FallsBackToFrom()
    {
        var request = TestSipRequests.Invite(CallerFrom, "P-Asserted-Identity: <<<garbage");

        var identity = _resolver.Resolve(request, true);

        Assert.Equal(IdentityHeader.From, identity.Source);
        Assert.Equal("+8613800000001", identity.E164);
    }

    [Theory]
    [InlineData(";party=calling;screen=yes", IdentityConfidence.NetworkAsserted, "Wang Wu")]
    [InlineData(";party=calling;screen=no", IdentityConfidence.UserProvided, "Wang Wu")]
    [InlineData(";screen=yes;privacy=off", IdentityConfidence.NetworkAsserted, "Wang Wu")]
    [InlineData(";screen=yes;privacy=name", IdentityConfidence.NetworkAsserted, null)]
    public void Resolve_RemotePartyIdFromTrustedTrunk_UsesScreeningAndNamePrivacy(
        string parameters, IdentityConfidence confidence, string? displayName)
    {
        var request = TestSipRequests.Invite(
            CallerFrom, $"Remote-Party-ID: \"Wang Wu\" <sip:13700000003@trunk.example;user=phone>{parameters}");

        var identity = _resolver.Resolve(request, true);

        Assert.Equal(IdentityHeader.RemotePartyId, identity.Source);
        Assert.Equal(confidence, identity.Confidence);
        Assert.Equal("+8613700000003", identity.E164);
        Assert.Equal(displayName, identity.DisplayName);
    }

    [Theory]
    [InlineData("full")]
    [InlineData("uri")]
    public void Resolve_RemotePartyIdPrivacyFullOrUri_IsWithheld(string privacy)
    {
        var request = TestSipRequests.Invite(
            CallerFrom, $"Remote-Party-ID: <sip:13700000003@trunk.example>;screen=yes;privacy={privacy}");

        var identity = _resolver.Resolve(request, true);

        Assert.Equal(IdentityConfidence.Withheld, identity.Confidence);
        Assert.Equal("+8613700000003", identity.TrustDomainE164);
        Assert.Null(identity.E164);
    }

    [Fact]
    public void Resolve_RemotePartyIdCalledPartyOnly_IsSkipped()
    {
        var request = TestSipRequests.Invite(
            CallerFrom, "Remote-Party-ID: <sip:10001@cc.example>;party=called;screen=yes");

        var identity = _resolver.Resolve(request, true);

        Assert.Equal(IdentityHeader.From, identity.Source);
    }

    [Fact]
    public void Resolve_RemotePartyIdFromUntrustedSource_IsIgnored()
    {
        var request = TestSipRequests.Invite(
            CallerFrom, "Remote-Party-ID: <sip:13700000003@trunk.example>;screen=yes");

        var identity = _resolver.Resolve(request, IPAddress.Parse("203.0.113.5"));

        Assert.Equal(IdentityHeader.From, identity.Source);
        Assert.Equal("+8613800000001", identity.E164);
    }

    [Fact]
    public void Resolve_PaiAndRemotePartyId_PrefersPai()
    {
        var request = TestSipRequests.Invite(
            CallerFrom,
            "Remote-Party-ID: <sip:13700000003@trunk.example>;screen=yes",
            "P-Asserted-Identity: <tel:+8613900000002>");

        var identity = _resolver.Resolve(request, true);

        Assert.Equal(IdentityHeader.PAssertedIdentity, identity.Source);
        Assert.Equal("+8613900000002", identity.E164);
    }

    [Fact]
    public void Resolve_DiversionHeaders_AreKeptMostRecentFirst()
    {
        var request = TestSipRequests.Invite(
            CallerFrom,
            "Diversion: <sip:01087654321@pbx.example>;reason=no-answer;counter=1, <tel:+8613600000004>;reason=unconditional",
            "Diversion: <<broken");

        var identity = _resolver.Resolve(request, true);

        Assert.Equal(3, identity.Diversions.Count);
        Assert.Equal("+861087654321", identity.Diversions[0].E164);
        Assert.Equal("no-answer", identity.Diversions[0].Reason);
        Assert.Equal(1, identity.Diversions[0].Counter);
        Assert.Equal("+8613600000004", identity.Diversions[1].E164);
        Assert.Null(identity.Diversions[2].Raw);
        Assert.Equal("<<broken", identity.Diversions[2].Value);
    }

    [Fact]
    public void ToString_NetworkAssertedIdentity_MasksTheNumber()
    {
        var request = TestSipRequests.Invite(CallerFrom, "P-Asserted-Identity: <tel:+8613900000002>");

        var text = _resolver.Resolve(request, true).ToString();

        Assert.DoesNotContain("13900000002", text, StringComparison.Ordinal);
        Assert.Contains("+8613*******02", text, StringComparison.Ordinal);
    }
}
