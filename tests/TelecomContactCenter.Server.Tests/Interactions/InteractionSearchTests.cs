using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using TelecomContactCenter.Core.Routing;
using TelecomContactCenter.Server.Contact;
using TelecomContactCenter.Server.Tests.Infrastructure;

namespace TelecomContactCenter.Server.Tests.Interactions;

/// <summary>A supervisor looks a caller's calls up by the number however it is written, as the SIP side stored it.</summary>
public sealed class InteractionSearchTests(SqliteServerFixture fixture) : IClassFixture<SqliteServerFixture>
{
    [Theory]
    [InlineData("+8613800000002")]
    [InlineData("138-0000-0002")]
    [InlineData("0086 138 0000 0002")]
    [InlineData("8613800000002")]
    public async Task ListByCaller_NumberWrittenAnotherWay_FindsTheCall(string written)
    {
        var callId = new CallId($"{Guid.NewGuid():N}@search");
        var calls = fixture.Factory.Services.GetRequiredService<ICallEntry>();
        await calls.EnqueueAsync(new CallHandoff
        {
            CallId = callId,
            Caller = new CallerIdentityInfo("+8613800000002", "+8613800000002", "NetworkAsserted"),
            CustomerPhone = "+8613800000002",
            Queue = "general",
        }, default);
        await calls.AbandonAsync(callId, default);
        var supervisor = await fixture.ClientForAsync("supervisor1");

        var rows = await supervisor.GetFromJsonAsync<JsonElement>($"/api/interactions?caller={Uri.EscapeDataString(written)}");

        Assert.Contains(rows.EnumerateArray(), r => r.GetProperty("callId").GetString() == callId.Value);
    }
}
