using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace TelecomContactCenter.PopBench;

/// <summary>
/// The agents' SIP phones, many per UDP socket: each registers with digest authentication (with the server, or
/// through the cluster edge, which adds itself as the binding's Path), then answers the server's INVITEs with 180 at
/// once and 200 after the answer delay, and hangs up (BYE, along the INVITE's Record-Route) after the talk time.
/// CANCEL (ring timeout, caller gone) gets 200 and 487; the server's BYE gets 200.
/// </summary>
internal sealed partial class AgentPhones : IAsyncDisposable
{
    private readonly Socket[] _sockets;
    private readonly IPEndPoint _server;
    private readonly string _password;
    private readonly TimeSpan _answerDelay;
    private readonly TimeSpan _talkTime;
    private readonly CallLog _log;
    private readonly ConcurrentDictionary<string, TaskCompletionSource<SipText>> _pending = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, AgentCall> _calls = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task[] _receivers;
    private readonly int _sinkPort;
    private long _invited;
    private long _answered;
    private long _cancelled;
    private long _byeRefused;

    public AgentPhones(int socketCount, IPEndPoint server, string password, TimeSpan answerDelay, TimeSpan talkTime, CallLog log, int sinkPort)
    {
        _server = server;
        _password = password;
        _answerDelay = answerDelay;
        _talkTime = talkTime;
        _log = log;
        _sinkPort = sinkPort;
        _sockets = [.. Enumerable.Range(0, socketCount).Select(_ =>
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp) { ReceiveBufferSize = 8 << 20 };
            socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            return socket;
        })];
        _receivers = [.. _sockets.Select(s => Task.Run(() => ReceiveLoopAsync(s)))];
    }

    public long Answered => Interlocked.Read(ref _answered);

    public long Cancelled => Interlocked.Read(ref _cancelled);

    /// <summary>Registers <paramref name="agents"/> with at most <paramref name="parallel"/> REGISTER transactions at once.</summary>
    public async Task RegisterAllAsync(IReadOnlyList<string> agents, int parallel, CancellationToken cancellationToken)
    {
        await Parallel.ForEachAsync(Enumerable.Range(0, agents.Count), new ParallelOptions { MaxDegreeOfParallelism = parallel, CancellationToken = cancellationToken },
            async (i, token) => await RegisterAsync(agents[i], _sockets[i % _sockets.Length], token));
    }

    private async Task RegisterAsync(string agent, Socket socket, CancellationToken cancellationToken)
    {
        var callId = $"reg-{agent}-{Guid.NewGuid():N}";
        var challenge = await TransactAsync(socket, $"{callId}/1 REGISTER", Register(agent, socket, callId, 1, null), cancellationToken);
        if (challenge.Status == 401)
        {
            var offered = challenge.All("WWW-Authenticate").Select(Parameters).ToList();
            var chosen = offered.FirstOrDefault(p => p.GetValueOrDefault("algorithm", "MD5").Equals("SHA-256", StringComparison.OrdinalIgnoreCase))
                ?? offered.First();
            challenge = await TransactAsync(socket, $"{callId}/2 REGISTER", Register(agent, socket, callId, 2, Authorization(agent, chosen)), cancellationToken);
        }

        if (challenge.Status != 200)
        {
            throw new InvalidOperationException($"REGISTER of {agent} answered {challenge.StartLine}");
        }
    }

    /// <summary>Sends a non-INVITE request and waits for its final response, matched by Call-ID and CSeq ("id/1 REGISTER").</summary>
    private async Task<SipText> TransactAsync(Socket socket, string key, byte[] request, CancellationToken cancellationToken)
    {
        // UDP on loopback rarely loses, but a busy server might: retransmit like Timer E, up to about 8 s.
        for (var attempt = 0; ; attempt++)
        {
            var completion = new TaskCompletionSource<SipText>(TaskCreationOptions.RunContinuationsAsynchronously);
            _pending[key] = completion;
            await socket.SendToAsync(request, _server, cancellationToken);
            try
            {
                return await completion.Task.WaitAsync(TimeSpan.FromMilliseconds(500 << Math.Min(attempt, 3)), cancellationToken);
            }
            catch (TimeoutException) when (attempt < 5)
            {
            }
        }
    }

    private byte[] Register(string agent, Socket socket, string callId, int cseq, string? authorization)
    {
        var port = ((IPEndPoint)socket.LocalEndPoint!).Port;
        var builder = new StringBuilder(768);
        builder.Append(CultureInfo.InvariantCulture, $"REGISTER sip:{_server} SIP/2.0\r\n")
            .Append(CultureInfo.InvariantCulture, $"Via: SIP/2.0/UDP 127.0.0.1:{port};branch=z9hG4bK{callId}-{cseq};rport\r\n")
            .Append("Max-Forwards: 70\r\n")
            .Append(CultureInfo.InvariantCulture, $"From: <sip:{agent}@contactcenter>;tag=r{cseq}\r\n")
            .Append(CultureInfo.InvariantCulture, $"To: <sip:{agent}@contactcenter>\r\n")
            .Append(CultureInfo.InvariantCulture, $"Call-ID: {callId}\r\nCSeq: {cseq} REGISTER\r\n")
            .Append(CultureInfo.InvariantCulture, $"Contact: <sip:{agent}@127.0.0.1:{port}>\r\nExpires: 3600\r\n");
        if (authorization is not null)
        {
            builder.Append("Authorization: ").Append(authorization).Append("\r\n");
        }

        return SipText.Finish(builder, null);
    }

    /// <summary>RFC 7616 response with qop=auth over the challenge's algorithm (SHA-256 or MD5).</summary>
    private string Authorization(string agent, Dictionary<string, string> challenge)
    {
        var algorithm = challenge.GetValueOrDefault("algorithm", "MD5");
        var uri = $"sip:{_server}";
        var cnonce = Guid.NewGuid().ToString("N")[..16];
        string H(string text) => Convert.ToHexStringLower(algorithm.Equals("SHA-256", StringComparison.OrdinalIgnoreCase)
            ? SHA256.HashData(Encoding.UTF8.GetBytes(text))
#pragma warning disable CA5351 // the registrar offers MD5 for old phones; the bench speaks what it is offered
            : MD5.HashData(Encoding.UTF8.GetBytes(text)));
#pragma warning restore CA5351
        var realm = challenge["realm"];
        var nonce = challenge["nonce"];
        var response = H($"{H($"{agent}:{realm}:{_password}")}:{nonce}:00000001:{cnonce}:auth:{H($"REGISTER:{uri}")}");
        var opaque = challenge.TryGetValue("opaque", out var o) ? $", opaque=\"{o}\"" : "";
        return $"Digest username=\"{agent}\", realm=\"{realm}\", nonce=\"{nonce}\", uri=\"{uri}\", response=\"{response}\", " +
            $"algorithm={algorithm}, qop=auth, nc=00000001, cnonce=\"{cnonce}\"{opaque}";
    }

    private static Dictionary<string, string> Parameters(string header) =>
        DigestParameter().Matches(header).ToDictionary(m => m.Groups[1].Value.ToLowerInvariant(),
            m => m.Groups[3].Success ? m.Groups[3].Value : m.Groups[4].Value, StringComparer.OrdinalIgnoreCase);

    [GeneratedRegex("""(\w+)=("([^"]*)"|([^,\s]+))""")]
    private static partial Regex DigestParameter();

    private Task ReceiveLoopAsync(Socket socket) => SipText.ReceiveAllAsync(socket, async (message, peer, at) =>
    {
        if (message.IsResponse)
        {
            OnResponse(message);
        }
        else
        {
            await OnRequestAsync(socket, peer, message, at);
        }
    }, _stop.Token);

    private void OnResponse(SipText response)
    {
        if (response.Status >= 200 && _pending.TryRemove($"{response.CallId}/{response.Header("CSeq")}", out var completion))
        {
            completion.TrySetResult(response);
        }
        else if (response.Status >= 200 && response.CSeqMethod == "BYE")
        {
            _calls.TryRemove(response.CallId, out _);
            if (response.Status >= 300 && Interlocked.Increment(ref _byeRefused) == 1)
            {
                PopRun.Progress($"a phone's BYE was answered {response.StartLine}");
            }
        }
    }

    private async Task OnRequestAsync(Socket socket, IPEndPoint peer, SipText request, long at)
    {
        switch (request.Method)
        {
            case "INVITE" when !_calls.ContainsKey(request.CallId):
                var call = new AgentCall(socket, peer, request, $"p{Interlocked.Increment(ref _invited)}");
                _calls[request.CallId] = call;
                if (request.Header("X-Call-Id") is { } acdCallId)
                {
                    _log.PhoneInvited(acdCallId, at);
                }

                await socket.SendToAsync(request.Response(180, "Ringing", call.LocalTag), peer, _stop.Token);
                _ = AnswerLaterAsync(call);
                break;
            case "CANCEL":
                await socket.SendToAsync(request.Response(200, "OK", null), peer, _stop.Token);
                if (_calls.TryRemove(request.CallId, out var cancelled) && cancelled.Answering.TrySetCanceled())
                {
                    Interlocked.Increment(ref _cancelled);
                    await socket.SendToAsync(cancelled.Invite.Response(487, "Request Terminated", cancelled.LocalTag), peer, _stop.Token);
                }

                break;
            case "BYE":
                _calls.TryRemove(request.CallId, out var ended);
                ended?.Hungup.TrySetResult();
                await socket.SendToAsync(request.Response(200, "OK", null), peer, _stop.Token);
                break;
            case "ACK":
                break;
            default:
                await socket.SendToAsync(request.Response(200, "OK", null), peer, _stop.Token);
                break;
        }
    }

    private async Task AnswerLaterAsync(AgentCall call)
    {
        try
        {
            await Task.Delay(_answerDelay, _stop.Token);
            if (!call.Answering.TrySetResult())
            {
                return;
            }

            var contact = $"<sip:{SipText.User(call.Invite.RequestUri)}@127.0.0.1:{((IPEndPoint)call.Socket.LocalEndPoint!).Port}>";
            await call.Socket.SendToAsync(call.Invite.Response(200, "OK", call.LocalTag, contact, SipText.Sdp(_sinkPort, 1)), call.Peer, _stop.Token);
            Interlocked.Increment(ref _answered);
            if (await Task.WhenAny(call.Hungup.Task, Task.Delay(_talkTime, _stop.Token)) == call.Hungup.Task)
            {
                return;
            }

            await call.Socket.SendToAsync(Bye(call), call.Peer, _stop.Token);
        }
        catch (OperationCanceledException)
        {
            // The bench is stopping.
        }
    }

    private static byte[] Bye(AgentCall call)
    {
        var invite = call.Invite;
        var port = ((IPEndPoint)call.Socket.LocalEndPoint!).Port;
        var target = invite.Header("Contact") is { } contact ? SipText.Uri(contact) : $"sip:{call.Peer}";
        var builder = new StringBuilder(512);
        builder.Append(CultureInfo.InvariantCulture, $"BYE {target} SIP/2.0\r\n")
            .Append(CultureInfo.InvariantCulture, $"Via: SIP/2.0/UDP 127.0.0.1:{port};branch=z9hG4bK{call.LocalTag}b;rport\r\n")
            .Append("Max-Forwards: 70\r\n")
            .Append("From: ").Append(invite.Header("To")).Append(";tag=").Append(call.LocalTag).Append("\r\n")
            .Append("To: ").Append(invite.Header("From")).Append("\r\n")
            .Append(CultureInfo.InvariantCulture, $"Call-ID: {invite.CallId}\r\nCSeq: 1 BYE\r\n");
        // As the answering side, the INVITE's Record-Route in order is the Route set: through the edge when the
        // phone registered through it, to the node that rang it.
        SipText.AppendAll(builder, "Route", invite.All("Record-Route"));
        return SipText.Finish(builder, null);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        foreach (var socket in _sockets)
        {
            socket.Dispose();
        }

        await Task.WhenAll(_receivers);
        _stop.Dispose();
    }

    private sealed class AgentCall(Socket socket, IPEndPoint peer, SipText invite, string localTag)
    {
        public Socket Socket { get; } = socket;

        public IPEndPoint Peer { get; } = peer;

        public SipText Invite { get; } = invite;

        public string LocalTag { get; } = localTag;

        public TaskCompletionSource Answering { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Hungup { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
