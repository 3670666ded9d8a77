using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using TelecomContactCenter.Core.Routing;
using TelecomContactCenter.Server.Bss;
using TelecomContactCenter.Server.Contact;
using TelecomContactCenter.Server.Tests.Hubs;

namespace TelecomContactCenter.Server.Tests.Contact;

/// <summary>
/// The host with a profile source that is down: the seam has two real implementations (local database, BSS over
/// REST), and this stands in for either failing. The REST source's own failure handling is tested in Bss/.
/// </summary>
public sealed class ProfileSourceDownFixture : HubServerFixture
{
    protected override void ConfigureServices(IServiceCollection services)
    {
        services.RemoveAll<ICustomerSource>();
        services.AddScoped<ICustomerSource, DownCustomerSource>();
    }

    private sealed class DownCustomerSource : ICustomerSource
    {
        public Task<CustomerLookupResult> FindByPhoneAsync(string e164, CancellationToken cancellationToken) =>
            Task.FromResult(CustomerLookupResult.Unavailable("BSS did not answer"));
    }
}

public sealed class ProfileUnavailableTests(ProfileSourceDownFixture fixture) : IClassFixture<ProfileSourceDownFixture>
{
    [Fact]
    public async Task Enqueue_ProfileSourceDown_CallStillRoutesWithDefaultTierAndPopSaysProfileUnavailable()
    {
        await using var agent4 = await fixture.AgentAsync("agent4");
        await agent4.InvokeAsync("SetStatus", Guid.NewGuid().ToString("N"), "Available", null);
        var callId = $"{Guid.NewGuid():N}@test";

        var result = await fixture.Calls.EnqueueAsync(new CallHandoff
        {
            CallId = new CallId(callId),
            Caller = new CallerIdentityInfo("+8613800000001", "+8613800000001", "NetworkAsserted"),
            CustomerPhone = "+8613800000001",
            Queue = "general",
        }, default);
        var pop = await agent4.NextAsync("ScreenPop", p => p.GetProperty("callId").GetString() == callId);
        await fixture.Calls.AbandonAsync(new CallId(callId), default);

        Assert.False(result.ProfileAvailable);
        Assert.Equal(Core.Customers.ValueTier.Standard, result.Tier);
        Assert.False(pop.GetProperty("profileAvailable").GetBoolean());
        Assert.Equal("Profile unavailable", pop.GetProperty("notice").GetString());
        Assert.Equal(JsonValueKind.Null, pop.GetProperty("customer").ValueKind);
    }
}
