using TelecomContactCenter.Sip.Messages;
using TelecomContactCenter.Sip.Registrar;

namespace TelecomContactCenter.Sip.Tests.Registrar;

public sealed class SipRegistrarTests
{
    private const string Phone = "<sip:agent1@192.0.2.10:5062>";
    private readonly RegistrarFixture _fixture = new();

    [Fact]
    public async Task HandleAsync_NoCredentials_Answers401WithTheMd5ChallengeAndToTag()
    {
        var request = RegistrarFixture.Register("agent1", 1, "c1", [Phone], 600);

        var response = await _fixture.Registrar.HandleAsync(request, RegistrarFixture.PhoneEndPoint, CancellationToken.None);

        Assert.Equal(401, response.StatusCode);
        Assert.Contains("algorithm=MD5", Assert.Single(response.Headers.GetLines(SipHeaderNames.WwwAuthenticate)), StringComparison.Ordinal);
        Assert.NotNull(response.To!.Tag);
        Assert.Equal("c1", response.CallId);
        Assert.Empty(_fixture.Store.FindContacts("agent1"));
    }

    [Fact]
    public async Task HandleAsync_RightCredentials_BindsContactAndListsItWithRemainingExpiry()
    {
        var response = await _fixture.RegisterWithAuth("agent1", [Phone], expires: 600);
        _fixture.Time.Advance(TimeSpan.FromSeconds(100));
        var query = await _fixture.RegisterWithAuth("agent1", [], callId: "query@x");

        Assert.Equal(200, response.StatusCode);
        var contact = Assert.Single(response.Contacts);
        Assert.Equal("600", contact.Parameters.Get("expires"));
        Assert.Equal("sip:agent1@192.0.2.10:5062", contact.Uri.ToString());
        Assert.Equal("500", Assert.Single(query.Contacts).Parameters.Get("expires"));
        var binding = Assert.Single(_fixture.Store.FindContacts("sip:agent1@10.9.9.9"));
        Assert.Equal(RegistrarFixture.PhoneEndPoint, binding.Source);
    }

    [Theory]
    [InlineData("<sip:agent1@192.0.2.10:5070>", "UDP 192.0.2.10:5070", "Contact")]
    [InlineData("<sip:agent1@192.0.2.10:5070;transport=tcp>", "TCP 192.0.2.10:5070", "Contact")]
    [InlineData("<sip:agent1@192.168.1.20:5060>", "UDP 192.0.2.10:5062", "NatSource")]
    [InlineData("<sip:agent1@phone.example:5060>", "UDP 192.0.2.10:5062", "NatSource")]
    [InlineData("<sip:agent1@198.51.100.7>", "UDP 198.51.100.7:5060", "Contact")]
    public async Task HandleAsync_Contact_IsRungWhereItSaysUnlessNatIsDetected(string contact, string target, string route)
    {
        await _fixture.RegisterWithAuth("agent1", [contact]);

        var binding = Assert.Single(_fixture.Store.FindContacts("agent1"));
        Assert.Equal(target, $"{binding.Target.Transport} {binding.Target.RemoteEndPoint}");
        Assert.Equal(route, binding.Route.ToString());
    }

    [Fact]
    public async Task HandleAsync_ViaRewrittenOnTheWay_RingsTheSource()
    {
        var natted = new System.Net.IPEndPoint(System.Net.IPAddress.Parse("203.0.113.5"), 40123);

        await _fixture.RegisterWithAuth("agent1", ["<sip:agent1@192.0.2.10:5062>"], source: natted);

        var binding = Assert.Single(_fixture.Store.FindContacts("agent1"));
        Assert.Equal(natted, binding.Target.RemoteEndPoint);
        Assert.Equal(ContactRoute.NatSource, binding.Route);
    }

    [Fact]
    public async Task HandleAsync_ForceRport_RingsTheSourceWhateverTheContact()
    {
        var fixture = new RegistrarFixture(new RegistrarOptions { ForceRport = true });

        await fixture.RegisterWithAuth("agent1", ["<sip:agent1@192.0.2.10:5070>"]);

        var binding = Assert.Single(fixture.Store.FindContacts("agent1"));
        Assert.Equal(RegistrarFixture.PhoneEndPoint, binding.Target.RemoteEndPoint);
        Assert.Equal(ContactRoute.ForcedSource, binding.Route);
    }

    [Fact]
    public async Task HandleAsync_OutboundContact_KeepsTheFlowAndSaysSo()
    {
        const string Contact = "<sip:agent1@192.0.2.10:5070;ob>;reg-id=1;+sip.instance=\"<urn:uuid:00000000-0000-0000-0000-000000000001>\"";

        var response = await _fixture.RegisterWithAuth("agent1", [Contact], extra: ["Supported: path, outbound"]);

        Assert.Equal(200, response.StatusCode);
        Assert.Equal("outbound", response.Headers.Get(SipHeaderNames.Require));
        var binding = Assert.Single(_fixture.Store.FindContacts("agent1"));
        Assert.Equal(RegistrarFixture.PhoneEndPoint, binding.Target.RemoteEndPoint);
        Assert.Equal(ContactRoute.OutboundFlow, binding.Route);
    }

    [Fact]
    public async Task HandleAsync_WrongPassword_Answers401ThenFinally403()
    {
        var statuses = new List<int>();

        for (var i = 0; i < 5; i++)
        {
            statuses.Add((await _fixture.RegisterWithAuth("agent2", [Phone], password: "guess", cseq: 1 + (2 * i))).StatusCode);
        }

        Assert.Equal([401, 401, 401, 401, 403], statuses);
    }

    [Fact]
    public async Task HandleAsync_AuthenticatedAsAnotherUser_IsForbidden()
    {
        var request = RegistrarFixture.Register("agent1", 1, "c1", [Phone]);
        var challenge = (await _fixture.Registrar.HandleAsync(request, RegistrarFixture.PhoneEndPoint, CancellationToken.None))
            .Headers.GetLines(SipHeaderNames.WwwAuthenticate)[0];
        var authorization = Authentication.TestDigestClient.Authorization(
            challenge, "agent2", Sip.Authentication.InMemorySipCredentialStore.DemoPassword, uri: "sip:contactcenter");

        var response = await _fixture.Registrar.HandleAsync(
            RegistrarFixture.Register("agent1", 2, "c1", [Phone], null, authorization),
            RegistrarFixture.PhoneEndPoint,
            CancellationToken.None);

        Assert.Equal(403, response.StatusCode);
        Assert.Empty(_fixture.Store.FindContacts("agent1"));
    }

    [Theory]
    [InlineData(59, null)]
    [InlineData(3600, "<sip:agent1@192.0.2.10:5062>;expires=30")]
    public async Task HandleAsync_ExpiryBelowMinimum_Answers423WithMinExpires(int headerExpires, string? contact)
    {
        var response = await _fixture.RegisterWithAuth("agent1", [contact ?? Phone], expires: headerExpires);

        Assert.Equal(423, response.StatusCode);
        Assert.Equal("60", response.Headers.Get(SipRegistrar.MinExpiresHeader));
        Assert.Empty(_fixture.Store.FindContacts("agent1"));
    }

    [Fact]
    public async Task HandleAsync_ExpiryAboveMaximum_IsCappedAt3600()
    {
        var response = await _fixture.RegisterWithAuth("agent1", [Phone], expires: 86_400);

        Assert.Equal("3600", Assert.Single(response.Contacts).Parameters.Get("expires"));
    }

    [Fact]
    public async Task HandleAsync_NoExpiresAnywhere_UsesDefault()
    {
        var response = await _fixture.RegisterWithAuth("agent1", [Phone]);

        Assert.Equal("3600", Assert.Single(response.Contacts).Parameters.Get("expires"));
    }

    [Fact]
    public async Task HandleAsync_ContactParameterExpires_WinsOverHeader()
    {
        var response = await _fixture.RegisterWithAuth("agent1", ["<sip:agent1@192.0.2.10:5062>;expires=120"], expires: 900);

        Assert.Equal("120", Assert.Single(response.Contacts).Parameters.Get("expires"));
    }

    [Fact]
    public async Task HandleAsync_ExpiresZeroForContact_RemovesOnlyThatBinding()
    {
        await _fixture.RegisterWithAuth("agent1", [Phone, "<sip:agent1@198.51.100.3>;q=0.5"], expires: 600);

        var response = await _fixture.RegisterWithAuth("agent1", ["<sip:agent1@198.51.100.3>;expires=0"], callId: "c2");

        var remaining = Assert.Single(response.Contacts);
        Assert.Equal("sip:agent1@192.0.2.10:5062", remaining.Uri.ToString());
    }

    [Fact]
    public async Task HandleAsync_ContactStarWithExpiresZero_UnregistersEverything()
    {
        await _fixture.RegisterWithAuth("agent1", [Phone, "<sip:agent1@198.51.100.3>"], expires: 600);

        var response = await _fixture.RegisterWithAuth("agent1", ["*"], expires: 0, callId: "other");

        Assert.Equal(200, response.StatusCode);
        Assert.Empty(response.Contacts);
        Assert.Empty(_fixture.Store.FindContacts("agent1"));
        Assert.False(_fixture.Store.IsRegisteredSource(RegistrarFixture.PhoneEndPoint.Address));
    }

    [Fact]
    public async Task HandleAsync_ContactStarWithoutExpiresZero_Answers400()
    {
        var response = await _fixture.RegisterWithAuth("agent1", ["*"], expires: 60);

        Assert.Equal(400, response.StatusCode);
    }

    [Fact]
    public async Task HandleAsync_SameCallIdWithOldCSeq_IsRefusedAsOutOfOrder()
    {
        await _fixture.RegisterWithAuth("agent1", [Phone], expires: 600, callId: "same", cseq: 10);

        var stale = await _fixture.RegisterWithAuth("agent1", ["<sip:agent1@192.0.2.10:5062>;expires=0"], callId: "same", cseq: 5);

        Assert.Equal(500, stale.StatusCode);
        Assert.Single(_fixture.Store.FindContacts("agent1"));
    }

    [Fact]
    public async Task HandleAsync_QValues_OrderLookupHighestFirst()
    {
        await _fixture.RegisterWithAuth(
            "agent1", ["<sip:agent1@198.51.100.3>;q=0.2", "<sip:agent1@198.51.100.4>;q=0.9", Phone], expires: 600);

        var contacts = _fixture.Store.FindContacts("agent1");

        Assert.Equal(
            ["sip:agent1@192.0.2.10:5062", "sip:agent1@198.51.100.4", "sip:agent1@198.51.100.3"],
            contacts.Select(c => c.Contact.Uri.ToString()));
        Assert.Equal([1.0, 0.9, 0.2], contacts.Select(c => c.Q));
    }

    [Theory]
    [InlineData("<sip:agent1@192.0.2.10>;q=1.5")]
    [InlineData("<sip:agent1@192.0.2.10>;expires=soon")]
    public async Task HandleAsync_MalformedContactParameter_Answers400(string contact)
    {
        var response = await _fixture.RegisterWithAuth("agent1", [contact]);

        Assert.Equal(400, response.StatusCode);
    }

    [Fact]
    public async Task HandleAsync_TooManyContacts_Answers403AndKeepsPreviousBindings()
    {
        var fixture = new RegistrarFixture(new RegistrarOptions { MaxContactsPerAddressOfRecord = 2 });
        await fixture.RegisterWithAuth("agent1", [Phone], expires: 600);

        var response = await fixture.RegisterWithAuth(
            "agent1", ["<sip:agent1@198.51.100.3>", "<sip:agent1@198.51.100.4>"], expires: 600, callId: "c2");

        Assert.Equal(403, response.StatusCode);
        Assert.Single(fixture.Store.FindContacts("agent1"));
    }

    [Fact]
    public async Task HandleAsync_RequireHeader_Answers420BeforeChallenging()
    {
        var request = RegistrarFixture.Register("agent1", 1, "c1", [Phone], null, null, "Require: gruu");

        var response = await _fixture.Registrar.HandleAsync(request, RegistrarFixture.PhoneEndPoint, CancellationToken.None);

        Assert.Equal(420, response.StatusCode);
        Assert.Equal("gruu", response.Headers.Get(SipHeaderNames.Unsupported));
    }

    [Fact]
    public async Task HandleAsync_SameContactTwiceInOneRequest_KeepsTheLastOne()
    {
        var response = await _fixture.RegisterWithAuth(
            "agent1", ["<sip:agent1@192.0.2.10:5062>;expires=300", "<sip:agent1@192.0.2.10:5062>;expires=900"]);

        Assert.Equal(200, response.StatusCode);
        Assert.Equal("900", Assert.Single(response.Contacts).Parameters.Get("expires"));
    }
}
