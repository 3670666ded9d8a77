using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;

namespace TelecomContactCenter.Server.Tests.Hubs;

/// <summary>A hub call the server refused; <see cref="Exception.Message"/> is the server's error text.</summary>
public sealed class HubCallException(string message) : Exception(message);

/// <summary>
/// A minimal SignalR client speaking the JSON hub protocol over a real <see cref="ClientWebSocket"/>: handshake,
/// invocations with completions, and server pushes collected per target (the .NET client does not restore here).
/// </summary>
public sealed class HubTestClient : IAsyncDisposable
{
    private const char RecordSeparator = '\u001e';
    private static readonly TimeSpan DefaultWait = TimeSpan.FromSeconds(10);
    private readonly ClientWebSocket _socket;
    private readonly ConcurrentDictionary<string, TaskCompletionSource<JsonElement>> _pending = new();
    private readonly ConcurrentDictionary<string, Channel<JsonElement>> _pushes = new(StringComparer.OrdinalIgnoreCase);
    private readonly CancellationTokenSource _stop = new();
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly StringBuilder _buffer = new();
    private readonly Decoder _decoder = Encoding.UTF8.GetDecoder();
    private Task _receive = Task.CompletedTask;
    private int _nextId;

    private HubTestClient(ClientWebSocket socket) => _socket = socket;

    /// <summary>Connects to <paramref name="hubUrl"/> (http://host:port/hubs/x) with the token in access_token, skipping negotiation.</summary>
    public static async Task<HubTestClient> ConnectAsync(Uri hubUrl, string? token)
    {
        var socket = new ClientWebSocket();
        var builder = new UriBuilder(hubUrl) { Scheme = "ws" };
        if (token is not null)
        {
            builder.Query = "access_token=" + Uri.EscapeDataString(token);
        }

        using var timeout = new CancellationTokenSource(DefaultWait);
        await socket.ConnectAsync(builder.Uri, timeout.Token);
        var client = new HubTestClient(socket);
        await client.SendAsync("{\"protocol\":\"json\",\"version\":1}");
        var handshake = await client.ReadFrameAsync(timeout.Token);
        if (handshake is null || handshake.Contains("\"error\"", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"Handshake failed: {handshake}");
        }

        client._receive = Task.Run(client.ReceiveLoopAsync);
        return client;
    }

    /// <summary>Tries to open a WebSocket and returns the HTTP status the server answered the upgrade with.</summary>
    public static async Task<int> UpgradeStatusAsync(Uri hubUrl, string? token)
    {
        using var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;
        var builder = new UriBuilder(hubUrl) { Scheme = "ws", Query = token is null ? "" : "access_token=" + Uri.EscapeDataString(token) };
        try
        {
            await socket.ConnectAsync(builder.Uri, CancellationToken.None);
            return (int)socket.HttpStatusCode;
        }
        catch (WebSocketException)
        {
            return (int)socket.HttpStatusCode;
        }
    }

    public bool IsOpen => _socket.State == WebSocketState.Open;

    public async Task<JsonElement> InvokeAsync(string target, params object?[] arguments)
    {
        var id = Interlocked.Increment(ref _nextId).ToString();
        var completion = new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[id] = completion;
        await SendAsync(JsonSerializer.Serialize(new { type = 1, invocationId = id, target, arguments }));
        var message = await completion.Task.WaitAsync(DefaultWait);
        if (message.TryGetProperty("error", out var error))
        {
            throw new HubCallException(error.GetString() ?? "");
        }

        return message.TryGetProperty("result", out var result) ? result.Clone() : default;
    }

    /// <summary>The next push to <paramref name="target"/> matching <paramref name="match"/> (earlier non-matching ones are dropped).</summary>
    public async Task<JsonElement> NextAsync(string target, Func<JsonElement, bool>? match = null, TimeSpan? wait = null)
    {
        var channel = _pushes.GetOrAdd(target, _ => Channel.CreateUnbounded<JsonElement>());
        using var timeout = new CancellationTokenSource(wait ?? DefaultWait);
        try
        {
            while (true)
            {
                var push = await channel.Reader.ReadAsync(timeout.Token);
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
        var channel = _pushes.GetOrAdd(target, _ => Channel.CreateUnbounded<JsonElement>());
        var items = new List<JsonElement>();
        while (channel.Reader.TryRead(out var item))
        {
            items.Add(item);
        }

        return items;
    }

    /// <summary>Drops the connection without a close handshake, as a crashed browser or a cut network would.</summary>
    public async Task AbortAsync()
    {
        _socket.Abort();
        await _stop.CancelAsync();
        await _receive.ContinueWith(_ => { }, TaskScheduler.Default);
    }

    public async ValueTask DisposeAsync()
    {
        if (_socket.State == WebSocketState.Open)
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
        }

        await _stop.CancelAsync();
        await _receive.ContinueWith(_ => { }, TaskScheduler.Default);
        _socket.Dispose();
        _stop.Dispose();
        _sendLock.Dispose();
    }

    private async Task SendAsync(string json)
    {
        var bytes = Encoding.UTF8.GetBytes(json + RecordSeparator);
        await _sendLock.WaitAsync();
        try
        {
            await _socket.SendAsync(bytes, WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);
        }
        finally
        {
            _sendLock.Release();
        }
    }

    /// <summary>Reads until one record separator; returns the record (without it), or null when the socket closed.</summary>
    private async Task<string?> ReadFrameAsync(CancellationToken cancellationToken)
    {
        var chunk = new byte[16 * 1024];
        while (true)
        {
            var text = _buffer.ToString();
            var end = text.IndexOf(RecordSeparator, StringComparison.Ordinal);
            if (end >= 0)
            {
                _buffer.Remove(0, end + 1);
                return text[..end];
            }

            var read = await _socket.ReceiveAsync(chunk, cancellationToken);
            if (read.MessageType == WebSocketMessageType.Close)
            {
                return null;
            }

            var chars = new char[Encoding.UTF8.GetMaxCharCount(read.Count)];
            var count = _decoder.GetChars(chunk, 0, read.Count, chars, 0, flush: false);
            _buffer.Append(chars, 0, count);
        }
    }

    private async Task ReceiveLoopAsync()
    {
        try
        {
            while (await ReadFrameAsync(_stop.Token) is { } frame)
            {
                using var document = JsonDocument.Parse(frame);
                var message = document.RootElement.Clone();
                switch (message.GetProperty("type").GetInt32())
                {
                    case 1:
                        var target = message.GetProperty("target").GetString()!;
                        var argument = message.GetProperty("arguments").EnumerateArray().FirstOrDefault();
                        _pushes.GetOrAdd(target, _ => Channel.CreateUnbounded<JsonElement>()).Writer.TryWrite(argument.Clone());
                        break;
                    case 3 when _pending.TryRemove(message.GetProperty("invocationId").GetString()!, out var completion):
                        completion.TrySetResult(message);
                        break;
                    case 7:
                        return;
                }
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
            // The test closed or aborted the connection.
        }
    }
}
