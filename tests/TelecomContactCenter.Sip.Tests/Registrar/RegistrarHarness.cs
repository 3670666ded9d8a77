using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using TelecomContactCenter.Sip.Authentication;
using TelecomContactCenter.Sip.Messages;
using TelecomContactCenter.Sip.Registrar;
using TelecomContactCenter.Sip.Transport;
using TelecomContactCenter.Sip.UserAgent;

namespace TelecomContactCenter.Sip.Tests.Registrar;

/// <summary>
/// The real SIP stack (transports, transactions, UA core) on ephemeral loopback ports, with a host handler that
/// hands REGISTER to the registrar exactly as the server host does and turns calls away.
/// </summary>
internal sealed class RegistrarHarness : ISipRequestHandler, IAsyncDisposable
{
    private readonly SipRegistrar _registrar;
    private readonly SipStack _stack;

    private RegistrarHarness(DigestOptions digestOptions)
    {
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
        var options = new SipStackOptions
        {
            Transport = new SipTransportOptions { Address = "127.0.0.1", UdpPort = 0, TcpPort = 0 },
        };
        _stack = new SipStack(options, this, TimeProvider.System, NullLoggerFactory.Instance);
    }

    public RegistrationStore Store { get; }

    public int UdpPort => _stack.UdpEndPoint.Port;

    public int TcpPort => _stack.TcpEndPoint.Port;

    public static async Task<RegistrarHarness> StartAsync(DigestOptions digestOptions)
    {
        var harness = new RegistrarHarness(digestOptions);
        await harness._stack.StartAsync(CancellationToken.None);
        return harness;
    }

    public ValueTask OnInboundCallAsync(InboundCall inboundCall, CancellationToken cancellationToken)
    {
        inboundCall.Call.Reject(SipStatusCodes.Forbidden);
        return ValueTask.CompletedTask;
    }

    public ValueTask<bool> OnRequestAsync(InboundRequest request, CancellationToken cancellationToken) =>
        _registrar.TryHandleAsync(request, cancellationToken);

    public ValueTask DisposeAsync() => _stack.DisposeAsync();
}
