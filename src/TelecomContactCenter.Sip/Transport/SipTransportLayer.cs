using System.Net;
using Microsoft.Extensions.Logging;
using TelecomContactCenter.Sip.Messages;
using TelecomContactCenter.Sip.Parsing;

namespace TelecomContactCenter.Sip.Transport;

/// <summary>
/// Owns the UDP and TCP transports, and TLS when a certificate is configured: parses what they receive, answers malformed requests with 400/505 when a
/// response can be formed (otherwise drops and counts them), stamps received/rport, hands valid messages up, and
/// routes outbound responses per RFC 3261 §18.2.2. Thread-safe: state is the immutable transport set plus
/// Interlocked statistics.
/// </summary>
public sealed class SipTransportLayer : ISipLocalAddresses, IAsyncDisposable
{
    private readonly SipTransportOptions _options;
    private readonly ILogger _logger;
    private readonly SipParserOptions _parserOptions;
    private readonly List<ISipTransport> _transports = [];
    private readonly TimeProvider _time;
    private Func<InboundMessage, CancellationToken, ValueTask>? _handler;
    private SipTlsSettings? _tls;
    private IPAddress? _advertised;

    public SipTransportLayer(SipTransportOptions options, ILogger<SipTransportLayer> logger, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _time = time ?? TimeProvider.System;
        _logger = logger;
        _parserOptions = new SipParserOptions { MaxMessageSize = options.MaxMessageSize };
    }

    public SipTransportStatistics Statistics { get; } = new();

    /// <summary>
    /// Asked before a request that could not be parsed is answered (with its status code); false drops it. Set by
    /// the stack from its screen, so protection can count malformed requests as strikes and keep banned sources
    /// unanswered.
    /// </summary>
    public Func<SipPeer, int, bool>? MalformedScreen { get; set; }

    /// <summary>Where peers reach the UDP listener: its bound port at the advertised address (the bound one by default).</summary>
    public IPEndPoint UdpEndPoint => Reached(Get(SipTransportNames.Udp).LocalEndPoint);

    public IPEndPoint TcpEndPoint => Reached(Get(SipTransportNames.Tcp).LocalEndPoint);

    /// <summary>The TLS listener's address; null when no certificate is configured.</summary>
    public IPEndPoint? TlsEndPoint => _transports.Find(t => t.Name == SipTransportNames.Tls) is { } tls ? Reached(tls.LocalEndPoint) : null;

    /// <summary>Whether this layer runs the named transport (TLS runs only with a certificate).</summary>
    public bool Supports(string transport) => _transports.Exists(t => t.Name == transport);

    public async Task StartAsync(Func<InboundMessage, CancellationToken, ValueTask> handler, CancellationToken cancellationToken)
    {
        _handler = handler;
        var address = _options.Validate();
        _advertised = string.IsNullOrEmpty(_options.AdvertisedAddress) ? null : IPAddress.Parse(_options.AdvertisedAddress);
        _transports.Add(new UdpSipTransport(new IPEndPoint(address, _options.UdpPort), _options.UdpWorkers, _logger, Statistics));
        _transports.Add(new TcpSipTransport(new IPEndPoint(address, _options.TcpPort), _options, _time, _logger));
        _tls = SipTlsSettings.Load(_options);
        if (_tls is not null)
        {
            _transports.Add(new TcpSipTransport(new IPEndPoint(address, _options.TlsPort), _options, _time, _logger, _tls));
        }

        foreach (var transport in _transports)
        {
            await transport.StartAsync(OnReceivedAsync, cancellationToken);
            SipTransportLog.Listening(_logger, transport.Name, transport.LocalEndPoint);
        }
    }

    /// <summary>A Via for a request this element sends: our address and port on that transport, the branch, rport.</summary>
    public SipVia CreateVia(string transport, string branch)
    {
        var local = Reached(Get(transport).LocalEndPoint);
        return new SipVia(transport, HostText(local.Address), local.Port).WithParameter("branch", branch).WithParameter("rport", null);
    }

    /// <summary>Our contact address on a transport, for Contact headers.</summary>
    public SipUri CreateContactUri(string transport, string? user)
    {
        var local = Reached(Get(transport).LocalEndPoint);
        var uri = SipUri.Sip(user, HostText(local.Address), local.Port);
        return transport == SipTransportNames.Udp ? uri : uri.WithParameter("transport", transport.ToLowerInvariant());
    }

    /// <summary>Sends a request to <paramref name="destination"/>; returns the peer used (with its connection).</summary>
    public ValueTask<SipPeer> SendRequestAsync(SipRequest request, SipPeer destination, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(destination);
        return Get(destination.Transport).SendAsync(request.ToBytes(), destination, cancellationToken);
    }

    /// <summary>
    /// Sends a response per §18.2.2: on a stream, back on the request's connection while it is open, otherwise to
    /// the Via's received/sent-by; on UDP, to received (or sent-by) and rport (or the sent-by port).
    /// </summary>
    public async ValueTask SendResponseAsync(SipResponse response, SipPeer requestSource, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(response);
        ArgumentNullException.ThrowIfNull(requestSource);
        var destination = requestSource;
        try
        {
            var transport = Get(requestSource.Transport);
            if (!requestSource.IsReliable || !transport.IsOpen(requestSource))
            {
                var target = await ViaStamping.ResolveResponseTargetAsync(response, requestSource.IsReliable, cancellationToken);
                destination = requestSource with { RemoteEndPoint = target, ConnectionId = null };
            }

            await transport.SendAsync(response.ToBytes(), destination, cancellationToken);
        }
        catch (Exception ex) when (ex is System.Net.Sockets.SocketException or IOException or ObjectDisposedException)
        {
            Statistics.OnSendFailure();
            SipTransportLog.SendFailed(_logger, destination, ex);
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var transport in _transports)
        {
            await transport.DisposeAsync();
        }

        Statistics.Dispose();
        _tls?.Dispose();
    }

    private IPEndPoint Reached(IPEndPoint local) => _advertised is null ? local : new IPEndPoint(_advertised, local.Port);

    private static string HostText(IPAddress address) =>
        address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{address}]" : address.ToString();

    private ISipTransport Get(string name) =>
        _transports.Find(t => t.Name == name)
        ?? throw new InvalidOperationException($"No {name} transport is running.");

    private async ValueTask OnReceivedAsync(ReadOnlyMemory<byte> data, SipPeer source, CancellationToken cancellationToken)
    {
        if (SipParser.SkipLeadingLineEnds(data.Span) == data.Length)
        {
            return;
        }

        Statistics.OnReceived();
        var result = SipParser.Parse(data.Span, _parserOptions, isDatagram: !source.IsReliable);
        if (!result.IsSuccess)
        {
            await RejectAsync(result, source, cancellationToken);
            return;
        }

        if (result.Message is SipRequest request)
        {
            ViaStamping.StampReceived(request, source.RemoteEndPoint);
        }

        try
        {
            await _handler!(new InboundMessage(result.Message!, source), cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Receive-loop edge: a failure handling one message must not take the listener down.
            SipTransportLog.HandlerFailed(_logger, source, ex);
        }
    }

    private async ValueTask RejectAsync(SipParseResult result, SipPeer source, CancellationToken cancellationToken)
    {
        if (result.Message is not SipRequest request || request.Method == SipMethod.Ack
            || MalformedScreen?.Invoke(source, result.StatusCode) == false)
        {
            Statistics.OnMalformedDropped();
            SipTransportLog.MalformedDropped(_logger, source, result.Error ?? "unknown");
            return;
        }

        ViaStamping.StampReceived(request, source.RemoteEndPoint);
        var response = SipResponse.CreateFor(request, result.StatusCode, toTag: SipIdentifiers.NewTag());
        Statistics.OnMalformedAnswered();
        SipTransportLog.MalformedAnswered(_logger, source, result.StatusCode, result.Error!);
        await SendResponseAsync(response, source, cancellationToken);
    }
}
