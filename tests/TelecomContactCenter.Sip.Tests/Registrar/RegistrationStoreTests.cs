using System.Net;
using TelecomContactCenter.Sip.Protection;
using TelecomContactCenter.Sip.Registrar;

namespace TelecomContactCenter.Sip.Tests.Registrar;

public sealed class RegistrationStoreTests
{
    private const string Phone = "<sip:agent1@192.0.2.10:5062>";
    private readonly RegistrarFixture _fixture = new();
    private readonly List<RegistrationChangedEventArgs> _changes = [];

    public RegistrationStoreTests()
    {
        _fixture.Store.BindingChanged += (_, change) => _changes.Add(change);
    }

    [Fact]
    public async Task FindContacts_AfterExpiry_HidesBindingWithoutAnySweep()
    {
        await _fixture.RegisterWithAuth("agent1", [Phone], expires: 60);
        _fixture.Time.Advance(TimeSpan.FromSeconds(59));
        var beforeExpiry = _fixture.Store.FindContacts("agent1");

        _fixture.Time.Advance(TimeSpan.FromSeconds(1));
        var atExpiry = _fixture.Store.FindContacts("agent1");

        Assert.Single(beforeExpiry);
        Assert.Empty(atExpiry);
        Assert.Equal(0, _fixture.Time.ActiveTimerCount);
    }

    [Fact]
    public async Task SweepExpired_ExpiredBinding_RaisesExpiredAndForgetsTheSource()
    {
        await _fixture.RegisterWithAuth("agent1", [Phone], expires: 60);
        _fixture.Time.Advance(TimeSpan.FromSeconds(61));

        var swept = _fixture.Store.SweepExpired();

        Assert.Equal(1, swept);
        Assert.Equal(RegistrationChangeKind.Expired, _changes[^1].Kind);
        Assert.False(_fixture.Store.IsRegisteredSource(RegistrarFixture.PhoneEndPoint.Address));
    }

    [Fact]
    public async Task BindingChanged_RegisterRefreshUnregister_ReportsEachChange()
    {
        await _fixture.RegisterWithAuth("agent1", [Phone], expires: 600, cseq: 1);
        await _fixture.RegisterWithAuth("agent1", [Phone], expires: 600, cseq: 3);
        await _fixture.RegisterWithAuth("agent1", ["*"], expires: 0, cseq: 5);

        Assert.Equal(
            [RegistrationChangeKind.Added, RegistrationChangeKind.Refreshed, RegistrationChangeKind.Removed],
            _changes.Select(c => c.Kind));
        Assert.All(_changes, c => Assert.Equal("sip:agent1@contactcenter", c.Binding.AddressOfRecord));
    }

    [Fact]
    public async Task IsRegisteredSource_MappedAddressOfRegisteredPhone_IsTrue()
    {
        await _fixture.RegisterWithAuth("agent1", [Phone], expires: 600);

        var registered = _fixture.Store.IsRegisteredSource(RegistrarFixture.PhoneEndPoint.Address.MapToIPv6());
        var stranger = _fixture.Store.IsRegisteredSource(IPAddress.Parse("203.0.113.9"));

        Assert.True(registered);
        Assert.False(stranger);
    }

    [Fact]
    public async Task InviteAdmission_TrunkPhoneAndStranger_AdmitsOnlyTheFirstTwo()
    {
        await _fixture.RegisterWithAuth("agent1", [Phone], expires: 600);
        var admission = new InviteAdmission(new TrustedTrunkAllowlist(["198.51.100.0/24"]), _fixture.Store);

        var trunk = admission.IsAllowed(IPAddress.Parse("198.51.100.7"));
        var phone = admission.IsAllowed(RegistrarFixture.PhoneEndPoint.Address);
        var stranger = admission.IsAllowed(IPAddress.Parse("203.0.113.9"));

        Assert.True(trunk);
        Assert.True(phone);
        Assert.False(stranger);
    }

    [Fact]
    public async Task Sweeper_PeriodicTick_RemovesExpiredBindingsOnTheFakeClock()
    {
        await _fixture.RegisterWithAuth("agent1", [Phone], expires: 60);
        var expired = new TaskCompletionSource<RegistrationChangedEventArgs>(TaskCreationOptions.RunContinuationsAsynchronously);
        _fixture.Store.BindingChanged += (_, change) => expired.TrySetResult(change);
        using var sweeper = new RegistrationSweeper(
            _fixture.Store, _fixture.Time, Microsoft.Extensions.Options.Options.Create(new RegistrarOptions()));
        await sweeper.StartAsync(CancellationToken.None);

        _fixture.Time.Advance(TimeSpan.FromSeconds(61));
        var change = await expired.Task.WaitAsync(TimeSpan.FromSeconds(10));
        await sweeper.StopAsync(CancellationToken.None);

        Assert.Equal(RegistrationChangeKind.Expired, change.Kind);
        Assert.Empty(_fixture.Store.FindContacts("agent1"));
    }

    [Fact]
    public async Task Restore_SavedBindingsAfterRestart_PhoneRingableAgainUntilItsExpiry()
    {
        await _fixture.RegisterWithAuth("agent1", [Phone], expires: 600);
        await _fixture.RegisterWithAuth("agent2", ["<sip:agent2@192.0.2.11:5062>"], expires: 60);
        var saved = _fixture.Store.LocalBindings();
        _fixture.Time.Advance(TimeSpan.FromSeconds(120));
        var restarted = new RegistrarFixture(time: _fixture.Time).Store;

        var restored = restarted.Restore(saved);

        Assert.Equal(1, restored);
        Assert.Equal("sip:agent1@192.0.2.10:5062", restarted.FindContacts("agent1").Single().Contact.Uri.ToString());
        Assert.Empty(restarted.FindContacts("agent2"));
        Assert.True(restarted.IsRegisteredSource(RegistrarFixture.PhoneEndPoint.Address));
    }

    [Fact]
    public async Task Restore_PhoneRefreshedBeforeTheRestore_KeepsTheRefresh()
    {
        await _fixture.RegisterWithAuth("agent1", [Phone], expires: 600, cseq: 1);
        var saved = _fixture.Store.LocalBindings();
        await _fixture.RegisterWithAuth("agent1", [Phone], expires: 3600, cseq: 3);

        var restored = _fixture.Store.Restore(saved);

        Assert.Equal(0, restored);
        Assert.Equal(TimeSpan.FromSeconds(3600), _fixture.Store.FindContacts("agent1").Single().Remaining(_fixture.Time.GetUtcNow()));
    }

    [Fact]
    public async Task SetRemote_OtherNodesBinding_FoundAndReportedAsRemoteButNotLocal()
    {
        var otherNode = new RegistrarFixture(time: _fixture.Time);
        await otherNode.RegisterWithAuth("agent2", ["<sip:agent2@192.0.2.11:5062>"], expires: 600);
        var shared = otherNode.Store.LocalBindings();

        _fixture.Store.SetRemote([.. shared]);
        var found = _fixture.Store.FindContacts("agent2");
        var local = _fixture.Store.LocalBindings();
        _fixture.Store.SetRemote([]);
        var afterRemoval = _fixture.Store.FindContacts("agent2");

        Assert.Single(found);
        Assert.Empty(local);
        Assert.Empty(afterRemoval);
        Assert.Equal([RegistrationChangeKind.Added, RegistrationChangeKind.Removed], _changes.Select(c => c.Kind));
        Assert.All(_changes, c => Assert.True(c.IsRemote));
    }

    [Fact]
    public async Task SetRemote_SameContactHeldHereToo_ListedOnceAsThisNodesBinding()
    {
        await _fixture.RegisterWithAuth("agent1", [Phone], expires: 600);
        var otherNode = new RegistrarFixture(time: _fixture.Time);
        await otherNode.RegisterWithAuth("agent1", [Phone], expires: 300);

        _fixture.Store.SetRemote([.. otherNode.Store.LocalBindings()]);
        var found = _fixture.Store.FindContacts("agent1");

        Assert.Equal(TimeSpan.FromSeconds(600), Assert.Single(found).Remaining(_fixture.Time.GetUtcNow()));
    }

    [Fact]
    public async Task SetRemote_SeveralAgentsElsewhere_EachFindsOnlyTheirPhoneUntilItExpires()
    {
        var otherNode = new RegistrarFixture(time: _fixture.Time);
        await otherNode.RegisterWithAuth("agent2", ["<sip:agent2@192.0.2.11:5062>"], expires: 600);
        await otherNode.RegisterWithAuth("agent3", ["<sip:agent3@192.0.2.12:5062>"], expires: 60);
        _fixture.Store.SetRemote([.. otherNode.Store.LocalBindings()]);

        var agent2 = _fixture.Store.FindContacts("agent2");
        var agent3 = _fixture.Store.FindContacts("AGENT3");
        _fixture.Time.Advance(TimeSpan.FromSeconds(61));
        var agent3Expired = _fixture.Store.FindContacts("agent3");

        Assert.Equal("sip:agent2@192.0.2.11:5062", Assert.Single(agent2).Contact.Uri.ToString());
        Assert.Equal("sip:agent3@192.0.2.12:5062", Assert.Single(agent3).Contact.Uri.ToString());
        Assert.Empty(agent3Expired);
        Assert.Single(_fixture.Store.FindContacts("agent2"));
    }

    [Fact]
    public async Task SetRemote_SameSetReadAgain_RaisesNothing()
    {
        var otherNode = new RegistrarFixture(time: _fixture.Time);
        await otherNode.RegisterWithAuth("agent2", ["<sip:agent2@192.0.2.11:5062>"], expires: 600);
        _fixture.Store.SetRemote([.. otherNode.Store.LocalBindings()]);
        _changes.Clear();

        _fixture.Store.SetRemote([.. otherNode.Store.LocalBindings().Select(b => b with { Path = [] })]);

        Assert.Empty(_changes);
    }
}
