using System.Diagnostics;
using System.Net.WebSockets;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;

namespace TelecomContactCenter.PopBench;

/// <summary>
/// One agent desktop on /hubs/agent, on the official SignalR .NET client (JSON protocol, WebSocket without negotiate,
/// bearer token, the client's own 15 s keep-alive). It stamps each ScreenPop when the client hands it to the typed
/// handler, and finishes wrap-up (an outcome per offer, a disposition, CompleteWrapUp) when told the call ended, so
/// the agent is Available again.
/// </summary>
internal sealed class AgentDesktop : IAsyncDisposable
{
    private static readonly string[] OtherPushes = ["StatusChanged", "SlaAlert", "DiscountChanged", "OffersUpdated"];
    private readonly HubConnection _connection;
    private long _wrapUps;
    private long _errors;

    private AgentDesktop(string agent, HubConnection connection, CallLog? log)
    {
        Agent = agent;
        _connection = connection;
        _connection.On<PopHeader>("ScreenPop", pop => log?.PopReceived(pop.CallId, Agent, Stopwatch.GetTimestamp()));
        _connection.On<CallPhase>("CallStateChanged", call =>
        {
            if (call.State == "WrapUp")
            {
                _ = WrapUpAsync(call);
            }
        });
        foreach (var push in OtherPushes)
        {
            _connection.On<JsonElement>(push, _ => { });
        }
    }

    public string Agent { get; }

    public bool IsOpen => _connection.State == HubConnectionState.Connected;

    public long WrapUps => Interlocked.Read(ref _wrapUps);

    public long Errors => Interlocked.Read(ref _errors);

    /// <summary>Opens the WebSocket through <paramref name="http"/> with the bearer token and completes the handshake.</summary>
    public static async Task<AgentDesktop> ConnectAsync(Uri hub, HttpMessageInvoker http, string agent, string token, CallLog? log, CancellationToken cancellationToken)
    {
        var connection = new HubConnectionBuilder()
            .WithUrl(hub, options =>
            {
                options.SkipNegotiation = true;
                options.Transports = HttpTransportType.WebSockets;
                options.WebSocketFactory = async (context, cancel) =>
                {
                    var socket = new ClientWebSocket();
                    socket.Options.KeepAliveInterval = TimeSpan.Zero;
                    socket.Options.SetRequestHeader("Authorization", "Bearer " + token);
                    await socket.ConnectAsync(context.Uri, http, cancel);
                    return socket;
                };
            })
            .Build();
        var desktop = new AgentDesktop(agent, connection, log);
        await connection.StartAsync(cancellationToken);
        return desktop;
    }

    public Task SetAvailableAsync(CancellationToken cancellationToken) =>
        InvokeAsync("SetStatus", [Guid.NewGuid().ToString("N"), "Available", null], cancellationToken);

    private async Task InvokeAsync(string target, object?[] arguments, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        await _connection.InvokeCoreAsync(target, arguments, timeout.Token);
    }

    private async Task WrapUpAsync(CallPhase call)
    {
        try
        {
            foreach (var offer in call.WrapUp?.Offers ?? [])
            {
                await InvokeAsync("RecordOfferOutcome",
                    [Guid.NewGuid().ToString("N"), call.CallId, offer.OfferId, "Declined", offer.ScriptVersion], CancellationToken.None);
            }

            await InvokeAsync("SetDisposition", [Guid.NewGuid().ToString("N"), call.CallId, "Resolved"], CancellationToken.None);
            await InvokeAsync("CompleteWrapUp", [Guid.NewGuid().ToString("N"), call.CallId], CancellationToken.None);
            Interlocked.Increment(ref _wrapUps);
        }
        catch (Exception ex) when (ex is HubException or InvalidOperationException or OperationCanceledException)
        {
            Interlocked.Increment(ref _errors);
        }
    }

    public ValueTask DisposeAsync() => _connection.DisposeAsync();

    /// <summary>The part of a ScreenPop the bench reads.</summary>
    private sealed record PopHeader(string CallId);

    /// <summary>The part of a CallStateChanged the bench reads: the phase, and in wrap-up the offers shown.</summary>
    private sealed record CallPhase(string CallId, string State, WrapUpNeeds? WrapUp);

    private sealed record WrapUpNeeds(IReadOnlyList<OfferShown> Offers);

    private sealed record OfferShown(string OfferId, string? ScriptVersion);
}
