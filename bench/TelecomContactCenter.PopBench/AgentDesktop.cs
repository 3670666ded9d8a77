using System.Buffers;
using System.Diagnostics;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

namespace TelecomContactCenter.PopBench;

/// <summary>
/// One agent desktop on /hubs/agent: the JSON hub protocol over a real WebSocket (handshake, invocations with
/// completions, record separator 0x1e). It stamps each ScreenPop the moment its frame is read off the socket,
/// before any parsing, and finishes wrap-up (an outcome per offer, a disposition, CompleteWrapUp) when told the
/// call ended, so the agent is Available again.
/// </summary>
internal sealed class AgentDesktop : IAsyncDisposable
{
    private const byte RecordSeparator = 0x1e;
    private static readonly byte[] Ping = Encoding.UTF8.GetBytes("{\"type\":6}\u001e");
    private readonly ClientWebSocket _socket;
    private readonly CallLog? _log;
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly Dictionary<string, TaskCompletionSource<JsonElement>> _pending = new(StringComparer.Ordinal);
    private readonly ArrayBufferWriter<byte> _frame = new(4096);
    private Task _receive = Task.CompletedTask;
    private int _nextId;
    private long _wrapUps;
    private long _errors;

    private AgentDesktop(string agent, ClientWebSocket socket, CallLog? log)
    {
        Agent = agent;
        _socket = socket;
        _log = log;
    }

    public string Agent { get; }

    public bool IsOpen => _socket.State == WebSocketState.Open;

    public long WrapUps => Interlocked.Read(ref _wrapUps);

    public long Errors => Interlocked.Read(ref _errors);

    /// <summary>Opens the WebSocket with the token in access_token (no negotiate) and completes the handshake.</summary>
    public static async Task<AgentDesktop> ConnectAsync(Uri hub, HttpMessageInvoker http, string agent, string token, CallLog? log, CancellationToken cancellationToken)
    {
        var socket = new ClientWebSocket();
        socket.Options.KeepAliveInterval = TimeSpan.Zero;
        var uri = new UriBuilder(hub) { Scheme = "ws", Query = "access_token=" + Uri.EscapeDataString(token) }.Uri;
        await socket.ConnectAsync(uri, http, cancellationToken);
        var desktop = new AgentDesktop(agent, socket, log);
        await desktop.SendAsync(Encoding.UTF8.GetBytes("{\"protocol\":\"json\",\"version\":1}\u001e"), cancellationToken);
        desktop._receive = Task.Run(desktop.ReceiveLoopAsync, CancellationToken.None);
        return desktop;
    }

    public Task<JsonElement> SetAvailableAsync(CancellationToken cancellationToken) =>
        InvokeAsync("SetStatus", [Guid.NewGuid().ToString("N"), "Available", null], cancellationToken);

    /// <summary>The keep-alive the server expects within its client timeout (30 s by default).</summary>
    public Task PingAsync(CancellationToken cancellationToken) => SendAsync(Ping, cancellationToken);

    public async Task<JsonElement> InvokeAsync(string target, object?[] arguments, CancellationToken cancellationToken)
    {
        var id = Interlocked.Increment(ref _nextId).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var completion = new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_pending)
        {
            _pending[id] = completion;
        }

        var json = JsonSerializer.SerializeToUtf8Bytes(new { type = 1, invocationId = id, target, arguments });
        await SendAsync([.. json, RecordSeparator], cancellationToken);
        var message = await completion.Task.WaitAsync(TimeSpan.FromSeconds(30), cancellationToken);
        if (message.TryGetProperty("error", out var error))
        {
            throw new InvalidOperationException($"{target} refused for {Agent}: {error.GetString()}");
        }

        return message.TryGetProperty("result", out var result) ? result : default;
    }

    private async Task SendAsync(byte[] bytes, CancellationToken cancellationToken)
    {
        await _sendLock.WaitAsync(cancellationToken);
        try
        {
            await _socket.SendAsync(bytes, WebSocketMessageType.Text, endOfMessage: true, cancellationToken);
        }
        finally
        {
            _sendLock.Release();
        }
    }

    private async Task ReceiveLoopAsync()
    {
        var chunk = new byte[4096];
        try
        {
            while (true)
            {
                var read = await _socket.ReceiveAsync(chunk.AsMemory(), CancellationToken.None);
                var at = Stopwatch.GetTimestamp();
                if (read.MessageType == WebSocketMessageType.Close)
                {
                    return;
                }

                var span = chunk.AsSpan(0, read.Count);
                int end;
                while ((end = span.IndexOf(RecordSeparator)) >= 0)
                {
                    _frame.Write(span[..end]);
                    Dispatch(_frame.WrittenMemory, at);
                    _frame.Clear();
                    span = span[(end + 1)..];
                }

                _frame.Write(span);
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
            // Closed by the bench or the server.
        }
    }

    private void Dispatch(ReadOnlyMemory<byte> frame, long at)
    {
        using var document = JsonDocument.Parse(frame);
        var root = document.RootElement;
        if (!root.TryGetProperty("type", out var type))
        {
            return; // the handshake answer, {}
        }

        switch (type.GetInt32())
        {
            case 1:
                var target = root.GetProperty("target").GetString();
                var argument = root.GetProperty("arguments")[0];
                if (target == "ScreenPop")
                {
                    _log?.PopReceived(argument.GetProperty("callId").GetString()!, Agent, at);
                }
                else if (target == "CallStateChanged" && argument.GetProperty("state").GetString() == "WrapUp")
                {
                    _ = WrapUpAsync(argument.Clone());
                }

                break;
            case 3:
                TaskCompletionSource<JsonElement>? completion;
                lock (_pending)
                {
                    _pending.Remove(root.GetProperty("invocationId").GetString()!, out completion);
                }

                completion?.TrySetResult(root.Clone());
                break;
        }
    }

    private async Task WrapUpAsync(JsonElement call)
    {
        try
        {
            var callId = call.GetProperty("callId").GetString()!;
            if (call.TryGetProperty("wrapUp", out var wrapUp) && wrapUp.ValueKind == JsonValueKind.Object)
            {
                foreach (var offer in wrapUp.GetProperty("offers").EnumerateArray())
                {
                    await InvokeAsync("RecordOfferOutcome",
                        [Guid.NewGuid().ToString("N"), callId, offer.GetProperty("offerId").GetString(), "Declined", offer.GetProperty("scriptVersion").GetString()],
                        CancellationToken.None);
                }
            }

            await InvokeAsync("SetDisposition", [Guid.NewGuid().ToString("N"), callId, "Resolved"], CancellationToken.None);
            await InvokeAsync("CompleteWrapUp", [Guid.NewGuid().ToString("N"), callId], CancellationToken.None);
            Interlocked.Increment(ref _wrapUps);
        }
        catch (Exception ex) when (ex is InvalidOperationException or TimeoutException or WebSocketException)
        {
            Interlocked.Increment(ref _errors);
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, timeout.Token);
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
        {
            // Already gone.
        }

        _socket.Abort();
        await _receive;
        _socket.Dispose();
        _sendLock.Dispose();
    }
}
