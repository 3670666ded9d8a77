using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace TelecomContactCenter.PopBench;

/// <summary>
/// The carrier's side: a trusted trunk on one UDP socket that sends INVITEs (caller in From and
/// P-Asserted-Identity, an SDP offer pointing at a sink socket), ACKs every final response, answers the server's
/// BYE, and hangs up calls that outlive the caller's patience. The INVITE's send time starts each sample. Every
/// request goes to one address, the server's or the cluster edge's; an answer's Record-Route becomes the dialog's
/// Route set (RFC 3261 §12.1.2), so ACK and BYE travel through the edge to the node that answered.
/// </summary>
internal sealed class Trunk : IAsyncDisposable
{
    private readonly Socket _socket = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
    private readonly Socket _mediaSink = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
    private readonly IPEndPoint _server;
    private readonly string _accessNumber;
    private readonly CallLog _log;
    private readonly ConcurrentDictionary<string, Dialog> _dialogs = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stop = new();
    private readonly string _runId = Guid.NewGuid().ToString("N")[..8];
    private readonly Task _receive;
    private int _next;

    public Trunk(IPEndPoint server, string accessNumber, CallLog log)
    {
        _server = server;
        _accessNumber = accessNumber;
        _log = log;
        _socket.ReceiveBufferSize = 8 << 20;
        _socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        // Queue music is sent here; nobody reads it, the kernel drops what overflows (no ICMP, unlike a closed port).
        _mediaSink.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _receive = Task.Run(ReceiveLoopAsync);
    }

    /// <summary>Where the callers' and phones' SDP point: a bound socket nobody reads.</summary>
    public int MediaSinkPort => ((IPEndPoint)_mediaSink.LocalEndPoint!).Port;

    private int LocalPort => ((IPEndPoint)_socket.LocalEndPoint!).Port;

    public int Answered => _dialogs.Values.Count(d => d.Times.IvrAnswered != 0);

    public int Failed => _dialogs.Values.Count(d => d.Times.FinalStatus >= 300);

    public int Open => _dialogs.Values.Count(d => !d.Times.Ended);

    /// <summary>Sends one new call from <paramref name="callerE164"/>; the sample's clock starts just before the datagram leaves.</summary>
    public async Task CallAsync(string callerE164, CancellationToken cancellationToken)
    {
        var n = Interlocked.Increment(ref _next);
        var callId = $"pop-{_runId}-{n}";
        var fromTag = $"t{n}";
        var sdp = SipText.Sdp(((IPEndPoint)_mediaSink.LocalEndPoint!).Port, n);
        var builder = new StringBuilder(1024);
        builder.Append(CultureInfo.InvariantCulture, $"INVITE sip:{_accessNumber}@{_server} SIP/2.0\r\n")
            .Append(CultureInfo.InvariantCulture, $"Via: SIP/2.0/UDP 127.0.0.1:{LocalPort};branch=z9hG4bK{callId}i;rport\r\n")
            .Append("Max-Forwards: 70\r\n")
            .Append(CultureInfo.InvariantCulture, $"From: <sip:{callerE164}@trunk.bench.invalid>;tag={fromTag}\r\n")
            .Append(CultureInfo.InvariantCulture, $"To: <sip:{_accessNumber}@{_server}>\r\n")
            .Append(CultureInfo.InvariantCulture, $"Call-ID: {callId}\r\nCSeq: 1 INVITE\r\n")
            .Append(CultureInfo.InvariantCulture, $"Contact: <sip:trunk@127.0.0.1:{LocalPort}>\r\n")
            .Append(CultureInfo.InvariantCulture, $"P-Asserted-Identity: <sip:{callerE164}@trunk.bench.invalid>\r\n");
        var invite = SipText.Finish(builder, sdp);
        _dialogs[callId] = new Dialog(callId, fromTag, callerE164, _log.Start(callId));
        await _socket.SendToAsync(invite, _server, cancellationToken);
    }

    /// <summary>Hangs up every call still open: BYE when answered (CANCEL is not needed, the IVR answers at once).</summary>
    public async Task HangUpOpenCallsAsync(CancellationToken cancellationToken)
    {
        foreach (var dialog in _dialogs.Values.Where(d => !d.Times.Ended && d.RemoteTag is not null))
        {
            await ByeAsync(dialog, cancellationToken);
        }
    }

    /// <summary>Calls answered by the IVR longer ago than <paramref name="patience"/> and still open: the caller gives up.</summary>
    public async Task AbandonOlderThanAsync(TimeSpan patience, CancellationToken cancellationToken)
    {
        var now = Stopwatch.GetTimestamp();
        foreach (var dialog in _dialogs.Values.Where(d => !d.Times.Ended && d.RemoteTag is not null
            && Stopwatch.GetElapsedTime(d.Times.InviteSent, now) > patience))
        {
            await ByeAsync(dialog, cancellationToken);
        }
    }

    private async Task ByeAsync(Dialog dialog, CancellationToken cancellationToken)
    {
        dialog.Times.Ended = true;
        var builder = new StringBuilder(512);
        builder.Append(CultureInfo.InvariantCulture, $"BYE {dialog.RemoteTarget} SIP/2.0\r\n")
            .Append(CultureInfo.InvariantCulture, $"Via: SIP/2.0/UDP 127.0.0.1:{LocalPort};branch=z9hG4bK{dialog.CallId}b;rport\r\n")
            .Append("Max-Forwards: 70\r\n")
            .Append(CultureInfo.InvariantCulture, $"From: <sip:{dialog.Caller}@trunk.bench.invalid>;tag={dialog.LocalTag}\r\n")
            .Append(CultureInfo.InvariantCulture, $"To: <sip:{_accessNumber}@{_server}>;tag={dialog.RemoteTag}\r\n")
            .Append(CultureInfo.InvariantCulture, $"Call-ID: {dialog.CallId}\r\nCSeq: 2 BYE\r\n");
        SipText.AppendAll(builder, "Route", dialog.Route);
        await _socket.SendToAsync(SipText.Finish(builder, null), _server, cancellationToken);
    }

    private Task ReceiveLoopAsync() => SipText.ReceiveAllAsync(_socket, async (message, peer, _) =>
    {
        if (!_dialogs.TryGetValue(message.CallId, out var dialog))
        {
            return;
        }

        if (message.IsResponse)
        {
            await OnResponseAsync(dialog, message);
        }
        else if (message.Method == "BYE")
        {
            dialog.Times.Ended = true;
            await _socket.SendToAsync(message.Response(200, "OK", null), peer, _stop.Token);
        }
        else if (message.Method != "ACK")
        {
            await _socket.SendToAsync(message.Response(200, "OK", null), peer, _stop.Token);
        }
    }, _stop.Token);

    private async Task OnResponseAsync(Dialog dialog, SipText response)
    {
        if (response.CSeqMethod != "INVITE" || response.Status < 200)
        {
            return;
        }

        dialog.RemoteTag ??= SipText.Tag(response.Header("To"));
        if (response.Status < 300)
        {
            Interlocked.CompareExchange(ref dialog.Times.IvrAnswered, Stopwatch.GetTimestamp(), 0);
            dialog.RemoteTarget = response.Header("Contact") is { } contact ? SipText.Uri(contact) : $"sip:{_accessNumber}@{_server}";
            dialog.Times.AnsweredBy ??= SipText.HostPort(dialog.RemoteTarget);
            dialog.Route = [.. response.All("Record-Route").Reverse()];
        }
        else
        {
            dialog.Times.FinalStatus = response.Status;
            dialog.Times.Ended = true;
        }

        // Every final response is ACKed, retransmissions included: a 2xx ACK is its own transaction, a non-2xx
        // ACK reuses the INVITE's branch (RFC 3261 §17.1.1.3).
        var branch = response.Status < 300 ? $"z9hG4bK{dialog.CallId}a" : $"z9hG4bK{dialog.CallId}i";
        var builder = new StringBuilder(512);
        builder.Append(CultureInfo.InvariantCulture, $"ACK {(response.Status < 300 ? dialog.RemoteTarget : $"sip:{_accessNumber}@{_server}")} SIP/2.0\r\n")
            .Append(CultureInfo.InvariantCulture, $"Via: SIP/2.0/UDP 127.0.0.1:{LocalPort};branch={branch};rport\r\n")
            .Append("Max-Forwards: 70\r\n")
            .Append(CultureInfo.InvariantCulture, $"From: <sip:{dialog.Caller}@trunk.bench.invalid>;tag={dialog.LocalTag}\r\n")
            .Append("To: ").Append(response.Header("To")).Append("\r\n")
            .Append(CultureInfo.InvariantCulture, $"Call-ID: {dialog.CallId}\r\nCSeq: 1 ACK\r\n");
        if (response.Status < 300)
        {
            SipText.AppendAll(builder, "Route", dialog.Route);
        }

        await _socket.SendToAsync(SipText.Finish(builder, null), _server, _stop.Token);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _socket.Dispose();
        _mediaSink.Dispose();
        await _receive;
        _stop.Dispose();
    }

    private sealed class Dialog(string callId, string localTag, string caller, CallTimes times)
    {
        public string CallId { get; } = callId;

        public string LocalTag { get; } = localTag;

        public string Caller { get; } = caller;

        public CallTimes Times { get; } = times;

        public string? RemoteTag { get; set; }

        public string RemoteTarget { get; set; } = "";

        /// <summary>The proxies between the trunk and the node that answered, first hop first; empty when direct.</summary>
        public IReadOnlyList<string> Route { get; set; } = [];
    }
}
