using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using TelecomContactCenter.Sip.Authentication;
using TelecomContactCenter.Sip.Messages;
using TelecomContactCenter.Sip.Registrar;
using TelecomContactCenter.Sip.Transactions;
using TelecomContactCenter.Sip.Transport;

namespace TelecomContactCenter.Sip.Tests.Registrar;

/// <summary>
/// The real transport and transaction layers on an ephemeral loopback port with the registrar as transaction user,
/// standing in for the UA host until that host routes REGISTER to <see cref="SipRegistrar.HandleAsync"/>.
/// </summary>
internal sealed class RegistrarHarness : ISipTransactionUser, IAsyncDisposable
{
    private readonly SipTransportLayer _transports;
    private readonly SipOutboundSender _outbound;
    private readonly SipTransactionLayer _transactions;
    private readonly SipRegistrar _registrar;

    private RegistrarHarness(DigestOptions digestOptions)
    {
        _transports = new SipTransportLayer(
            new SipTransportOptions { Address = "127.0.0.1", UdpPort = 0, TcpPort = 0 },
            NullLogger<SipTransportLayer>.Instance);
        _outbound = new SipOutboundSender(_transports);
        _transactions = new SipTransactionLayer(
            _outbound, TimeProvider.System, new SipTimerOptions(), NullLogger<SipTransactionLayer>.Instance);
        _transactions.Attach(this);
        var digest = Options.Create(digestOptions);
        var registrarOptions = Options.Create(new RegistrarOptions());
        Store = new RegistrationStore(TimeProvider.System, registrarOptions);
        _registrar = new SipRegistrar(
            new SipDigestAuthenticator(
                InMemorySipCredentialStore.CreateDemo(digestOptions.Realm),
                new DigestNonces(TimeProvider.System, digest),
                new NonceCountCache(TimeProvider.System, digest),
                new AuthenticationFailureTracker(TimeProvider.System, digest),
                digest),
            Store,
            TimeProvider.System,
            registrarOptions,
            NullLogger<SipRegistrar>.Instance);
    }

    public RegistrationStore Store { get; }

    public int UdpPort => _transports.UdpEndPoint.Port;

    public int TcpPort => _transports.TcpEndPoint.Port;

    public static async Task<RegistrarHarness> StartAsync(DigestOptions digestOptions)
    {
        var harness = new RegistrarHarness(digestOptions);
        await harness._transports.StartAsync(
            (inbound, _) =>
            {
                harness._transactions.Receive(inbound);
                return ValueTask.CompletedTask;
            },
            CancellationToken.None);
        return harness;
    }

    public void OnRequest(ServerTransaction transaction) => _ = AnswerAsync(transaction);

    public void OnAck(SipRequest ack, SipPeer source)
    {
    }

    public void OnStrayResponse(SipResponse response, SipPeer source)
    {
    }

    public async ValueTask DisposeAsync()
    {
        await _transports.DisposeAsync();
        await _outbound.DisposeAsync();
    }

    private async Task AnswerAsync(ServerTransaction transaction)
    {
        try
        {
            var response = transaction.Request.Method == SipMethod.Register
                ? await _registrar.HandleAsync(transaction.Request, transaction.Peer.RemoteEndPoint, CancellationToken.None)
                : SipResponse.CreateFor(transaction.Request, SipStatusCodes.MethodNotAllowed, toTag: "harness");
            transaction.Respond(response);
        }
        catch (Exception)
        {
            transaction.Respond(SipStatusCodes.ServerInternalError);
            throw;
        }
    }
}
