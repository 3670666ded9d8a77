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
}
