using System.Net;
using System.Net.WebSockets;
using System.Reflection;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using TelecomContactCenter.Server.Hubs;

namespace TelecomContactCenter.Server.Tests.Hubs;

/// <summary>
/// A desktop or wallboard on the official SignalR .NET client (negotiate, then WebSocket, bearer token). Every push the
/// server's client interface (<see cref="IAgentClient"/> or <see cref="ISupervisorClient"/>) declares gets a typed
/// <c>On&lt;JsonElement&gt;</c> handler writing into a channel per target, so a test awaits the push it expects.
/// The WebSocket is kept so <see cref="AbortAsync"/> can cut it without a close handshake.
/// </summary>
public sealed class HubTestClient : IAsyncDisposable
{
    private static readonly TimeSpan DefaultWait = TimeSpan.FromSeconds(10);
    private readonly HubConnection _connection;
    private readonly Dictionary<string, Channel<JsonElement>> _pushes = new(StringComparer.OrdinalIgnoreCase);
    private ClientWebSocket? _socket;

    private HubTestClient(Uri hubUrl, string? token, Type pushes)
    {
        _connection = Build(hubUrl, token, socket => _socket = socket);
        foreach (var method in pushes.GetMethods(BindingFlags.Public | BindingFlags.Instance))
        {
            var channel = Channel.CreateUnbounded<JsonElement>();
            _pushes[method.Name] = channel;
            _connection.On<JsonElement>(method.Name, push => channel.Writer.TryWrite(push));
        }
    }

    /// <summary>An agent desktop on /hubs/agent.</summary>
    internal static Task<HubTestClient> AgentAsync(Uri hubUrl, string token) => ConnectAsync(hubUrl, token, typeof(IAgentClient));

    /// <summary>A wallboard on /hubs/supervisor.</summary>
    internal static Task<HubTestClient> SupervisorAsync(Uri hubUrl, string token) => ConnectAsync(hubUrl, token, typeof(ISupervisorClient));

    /// <summary>Starts a connection with <paramref name="token"/> (or none) and returns the HTTP status that refused it, or 200.</summary>
    public static async Task<int> RefusalStatusAsync(Uri hubUrl, string? token)
    {
        await using var connection = Build(hubUrl, token, _ => { });
        try
        {
            using var timeout = new CancellationTokenSource(DefaultWait);
            await connection.StartAsync(timeout.Token);
            return (int)HttpStatusCode.OK;
        }
        catch (HttpRequestException refused) when (refused.StatusCode is { } status)
        {
            return (int)status;
        }
    }

    public bool IsOpen => _connection.State == HubConnectionState.Connected;

    /// <summary>Invokes a hub method; a refusal throws <see cref="Microsoft.AspNetCore.SignalR.HubException"/> with the server's text.</summary>
    public async Task<JsonElement> InvokeAsync(string target, params object?[] arguments)
    {
        using var timeout = new CancellationTokenSource(DefaultWait);
        var result = await _connection.InvokeCoreAsync(target, typeof(JsonElement), arguments, timeout.Token);
        return result is JsonElement element ? element : default;
    }

    /// <summary>The next push to <paramref name="target"/> matching <paramref name="match"/> (earlier non-matching ones are dropped).</summary>
    public async Task<JsonElement> NextAsync(string target, Func<JsonElement, bool>? match = null, TimeSpan? wait = null)
    {
        var reader = Pushes(target).Reader;
        using var timeout = new CancellationTokenSource(wait ?? DefaultWait);
        try
        {
            while (true)
            {
                var push = await reader.ReadAsync(timeout.Token);
                if (match is null || match(push))
                {
                    return push;
                }
            }
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"No {target} push within {(wait ?? DefaultWait).TotalSeconds} s.");
        }
    }

    /// <summary>Pushes to <paramref name="target"/> already received and not yet read.</summary>
    public IReadOnlyList<JsonElement> Drain(string target)
    {
        var reader = Pushes(target).Reader;
        var items = new List<JsonElement>();
        while (reader.TryRead(out var item))
        {
            items.Add(item);
        }

        return items;
    }

    /// <summary>Drops the connection without a close handshake, as a crashed browser or a cut network would.</summary>
    public async Task AbortAsync()
    {
        var closed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _connection.Closed += _ =>
        {
            closed.TrySetResult();
            return Task.CompletedTask;
        };
        _socket?.Abort();
        await closed.Task.WaitAsync(DefaultWait);
    }

    public ValueTask DisposeAsync() => _connection.DisposeAsync();

    private Channel<JsonElement> Pushes(string target) =>
        _pushes.TryGetValue(target, out var channel)
            ? channel
            : throw new ArgumentException($"The hub's client interface declares no push named {target}.", nameof(target));

    private static async Task<HubTestClient> ConnectAsync(Uri hubUrl, string token, Type pushes)
    {
        var client = new HubTestClient(hubUrl, token, pushes);
        using var timeout = new CancellationTokenSource(DefaultWait);
        await client._connection.StartAsync(timeout.Token);
        return client;
    }

    private static HubConnection Build(Uri hubUrl, string? token, Action<ClientWebSocket> opened) =>
        new HubConnectionBuilder()
            .WithUrl(hubUrl, options =>
            {
                options.Transports = HttpTransportType.WebSockets;
                options.AccessTokenProvider = () => Task.FromResult(token);
                options.WebSocketFactory = async (context, cancellationToken) =>
                {
                    var socket = new ClientWebSocket();
                    if (token is not null)
                    {
                        socket.Options.SetRequestHeader("Authorization", "Bearer " + token);
                    }

                    await socket.ConnectAsync(context.Uri, cancellationToken);
                    opened(socket);
                    return socket;
                };
            })
            // The server pings every 15 s; on a loaded shared box its pings can be late, and a test must not lose its
            // desktop to that (the client's default gives up after 30 s of silence).
            .WithServerTimeout(TimeSpan.FromMinutes(2))
            .Build();
}
