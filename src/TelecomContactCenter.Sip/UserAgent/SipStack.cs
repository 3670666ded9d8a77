using System.Net;
using Microsoft.Extensions.Logging;
using TelecomContactCenter.Sip.Messages;
using TelecomContactCenter.Sip.Transactions;
using TelecomContactCenter.Sip.Transport;

namespace TelecomContactCenter.Sip.UserAgent;

/// <summary>
/// The SIP stack as the host sees it: transports, transactions and the UA core wired together, started with
/// options and an <see cref="ISipRequestHandler"/>.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1711:Identifiers should not have incorrect suffix",
    Justification = "\"SIP stack\" is the telephony term for this layer set.")]
public sealed class SipStack : IAsyncDisposable
{
    private readonly SipStackOptions _options;
    private readonly SipTransportLayer _transports;
    private readonly SipOutboundSender _sender;
    private readonly SipTransactionLayer _transactions;
    private int _disposed;

    /// <param name="screen">Refuses requests before a transaction exists for them (protection); none admits all.</param>
    public SipStack(SipStackOptions options, ISipRequestHandler handler, TimeProvider time, ILoggerFactory loggerFactory,
        ISipRequestScreen? screen = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        _options = options;
        _transports = new SipTransportLayer(options.Transport, loggerFactory.CreateLogger<SipTransportLayer>(), time)
        {
            MalformedScreen = screen is null ? null : screen.ScreenMalformed,
        };
        _sender = new SipOutboundSender(_transports);
        _transactions = new SipTransactionLayer(_sender, time, options.Timers, loggerFactory.CreateLogger<SipTransactionLayer>(), screen);
        UserAgent = new SipUserAgent(_transactions, _transports, handler, options.ProductName, loggerFactory.CreateLogger<SipUserAgent>(),
            options.AcceptsRegister);
    }

    public SipUserAgent UserAgent { get; }

    public IPEndPoint UdpEndPoint => _transports.UdpEndPoint;

    public IPEndPoint TcpEndPoint => _transports.TcpEndPoint;

    /// <summary>The TLS listener; null when no certificate is configured.</summary>
    public IPEndPoint? TlsEndPoint => _transports.TlsEndPoint;

    public SipTransportStatistics Statistics => _transports.Statistics;

    public int ServerTransactionCount => _transactions.ServerTransactionCount;

    /// <inheritdoc cref="SipTransactionLayer.KeptServerTransactionCount"/>
    public int KeptServerTransactionCount => _transactions.KeptServerTransactionCount;

    /// <inheritdoc cref="SipTransactionLayer.ScreenedOut"/>
    public long ScreenedOut => _transactions.ScreenedOut;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _options.Timers.Validate();
        return _transports.StartAsync(
            (inbound, _) =>
            {
                _transactions.Receive(inbound);
                return ValueTask.CompletedTask;
            },
            cancellationToken);
    }

    /// <inheritdoc cref="SipUserAgent.SendRequestAsync"/>
    public Task<SipRequestResult> SendRequestAsync(
        SipRequest request, SipPeer destination, IProgress<SipResponse>? progress, CancellationToken cancellationToken) =>
        UserAgent.SendRequestAsync(request, destination, progress, cancellationToken);

    /// <inheritdoc cref="SipUserAgent.CreateRequest"/>
    public SipRequest CreateRequest(string method, AddressUri target, NameAddress from, NameAddress to, string transport) =>
        UserAgent.CreateRequest(method, target, from, to, transport);

    /// <summary>Stops listening and waits for running host callbacks. Safe to call more than once (the hosted
    /// service and the container may both dispose it).</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        await _transports.DisposeAsync();
        await _sender.DisposeAsync();
        await UserAgent.DisposeAsync();
    }
}
