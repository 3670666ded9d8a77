using System.Net;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;

namespace TelecomContactCenter.Server.Tests.Cluster;

/// <summary>
/// An agent's desktop through HAProxy, pinned to one node by HAProxy's own cookie as a browser that landed there
/// would be, reconnecting every 200 ms when its connection drops; its screen pops and reconnections in order.
/// </summary>
internal sealed class ClusterDesktop : IAsyncDisposable
{
    /// <summary>How long the desktop waits for a pop or a reconnection: a bound for a loaded box, not a timing.</summary>
    public static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);
    private readonly HubConnection _connection;
    private readonly HttpClient _api;
    private readonly CookieContainer _cookies;
    private readonly Uri _haproxy;
    private readonly Channel<JsonElement> _pops = Channel.CreateUnbounded<JsonElement>();
    private readonly Channel<string?> _reconnected = Channel.CreateUnbounded<string?>();
    private string? _customerCall;
    private long _customer;
    private JsonElement _pop;

    private ClusterDesktop(HubConnection connection, HttpClient api, CookieContainer cookies, Uri haproxy, string agent, string pinned)
    {
        Agent = agent;
        _connection = connection;
        _api = api;
        _cookies = cookies;
        _haproxy = haproxy;
        Pinned = pinned;
        connection.On<JsonElement>("ScreenPop", pop => _pops.Writer.TryWrite(pop));
        connection.Reconnected += id =>
        {
            _reconnected.Writer.TryWrite(id);
            return Task.CompletedTask;
        };
    }

    public string Agent { get; }

    public string Pinned { get; }

    public static async Task<ClusterDesktop> StartAsync(Uri haproxy, string agent, string node)
    {
        var api = await ClusterNode.SignInAsync(haproxy, agent);
        var cookies = new CookieContainer();
        cookies.Add(haproxy, new Cookie("TCCNODE", node));
        var connection = await HaproxyDesktopTests.DesktopAsync(haproxy, api, cookies);
        return new ClusterDesktop(connection, api, cookies, haproxy, agent, node);
    }

    /// <summary>The node HAProxy holds this desktop on now (its TCCNODE cookie).</summary>
    public string HaproxyNode() => _cookies.GetCookies(_haproxy)["TCCNODE"]?.Value ?? "";

    public Task<JsonElement> SetStatusAsync(string status, string? reason = null) => InvokeAsync("SetStatus", status, reason);

    /// <summary>
    /// Takes the next call popped on this desktop that is still offered (earlier pops of calls whose callers hung
    /// up at once are refused and passed over) and, when <paramref name="wanted"/> is given, that it wants (an
    /// earlier pop of another test step's call may still be offered): accepts it on the desktop; its Call-ID.
    /// </summary>
    public async Task<string> AnswerNextAsync(Func<string, Task<bool>>? wanted = null)
    {
        using var deadline = new CancellationTokenSource(Wait);
        while (true)
        {
            var pop = await _pops.Reader.ReadAsync(deadline.Token);
            var callId = pop.GetProperty("callId").GetString()!;
            if (wanted is not null && !await wanted(callId))
            {
                continue;
            }

            try
            {
                await InvokeAsync("AcceptCall", callId);
            }
            catch (HubException refused) when (refused.Message.Contains("call.notOffered", StringComparison.Ordinal))
            {
                continue;
            }

            _customerCall = callId;
            _customer = pop.GetProperty("customer").GetProperty("customerId").GetInt64();
            _pop = pop;
            return callId;
        }
    }

    /// <summary>The next call popped on this desktop (ringing, not accepted): its pop.</summary>
    public async Task<JsonElement> NextPopAsync()
    {
        using var deadline = new CancellationTokenSource(Wait);
        return await _pops.Reader.ReadAsync(deadline.Token);
    }

    /// <summary>Records the caller's No to the first offer of the current call's pop; the offer's id once the service has acknowledged it.</summary>
    public async Task<string> DeclineFirstOfferAsync()
    {
        var offer = _pop.GetProperty("offers")[0];
        var offerId = offer.GetProperty("offerId").GetString()!;
        await InvokeAsync("RecordOfferOutcome", _customerCall, offerId, "Declined", offer.GetProperty("scriptVersion").GetString());
        return offerId;
    }

    /// <summary>Opens a billing complaint on the current call; its id once the service has acknowledged it.</summary>
    public async Task<Guid> ComplaintAsync()
    {
        var created = await _connection.InvokeAsync<JsonElement>("CreateComplaint", Guid.NewGuid().ToString("N"),
            new { customerId = _customer, category = "BILL", severity = "Medium", slaKind = "NonFault", faultKind = "NonFault", summary = $"Raised on call {_customerCall}" });
        return created.GetProperty("id").GetGuid();
    }

    /// <summary>
    /// Ends the current call from the desktop (the caller's leg gets BYE) and completes its wrap-up: each offer of
    /// the pop marked NotPresented, disposition Resolved; the agent is free for the next call.
    /// </summary>
    public async Task HangUpAndWrapUpAsync()
    {
        await InvokeAsync("HangUp", _customerCall);
        foreach (var offer in _pop.GetProperty("offers").EnumerateArray())
        {
            await InvokeAsync("RecordOfferOutcome", _customerCall, offer.GetProperty("offerId").GetString(), "NotPresented",
                offer.GetProperty("scriptVersion").GetString());
        }

        await InvokeAsync("SetDisposition", _customerCall, "Resolved");
        await InvokeAsync("CompleteWrapUp", _customerCall);
    }

    public Task<JsonElement> InvokeAsync(string method, params object?[] arguments) =>
        _connection.InvokeCoreAsync<JsonElement>(method, [Guid.NewGuid().ToString("N"), .. arguments]);

    public Task<JsonElement> StateAsync() => _connection.InvokeAsync<JsonElement>("GetState");

    /// <summary>The agent's state once <paramref name="until"/> holds, asked every 100 ms (at most <see cref="Wait"/>).</summary>
    public async Task<JsonElement> StateUntilAsync(Func<JsonElement, bool> until)
    {
        using var deadline = new CancellationTokenSource(Wait);
        while (true)
        {
            var state = await StateAsync();
            if (until(state) || deadline.IsCancellationRequested)
            {
                return state;
            }

            await Task.Delay(100, CancellationToken.None);
        }
    }

    /// <summary>Waits (at most <see cref="Wait"/>) for the desktop to reconnect after its node died.</summary>
    public async Task ReconnectedAsync()
    {
        using var deadline = new CancellationTokenSource(Wait);
        await _reconnected.Reader.ReadAsync(deadline.Token);
    }

    public async ValueTask DisposeAsync()
    {
        await _connection.DisposeAsync();
        _api.Dispose();
    }
}
