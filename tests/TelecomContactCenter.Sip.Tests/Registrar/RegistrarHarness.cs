using System.Collections.Concurrent;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using TelecomContactCenter.Sip.Authentication;
using TelecomContactCenter.Sip.Identity;
using TelecomContactCenter.Sip.Messages;
using TelecomContactCenter.Sip.Protection;
using TelecomContactCenter.Sip.Registrar;
using TelecomContactCenter.Sip.Transport;
using TelecomContactCenter.Sip.UserAgent;

namespace TelecomContactCenter.Sip.Tests.Registrar;

/// <summary>
/// The real SIP stack (transports, transactions, UA core) on ephemeral loopback ports, with a host handler that
/// hands REGISTER to the registrar exactly as the server host does, and refuses every call after checking
/// admission and resolving the caller's identity, so tests can see both.
/// </summary>
internal sealed class RegistrarHarness : ISipRequestHandler, IAsyncDisposable
{
    private readonly SipRegistrar _registrar;
    private readonly SipStack _stack;

    private readonly InviteAdmission _admission;
    private readonly CallerIdentityResolver _identities;

    private RegistrarHarness(
        DigestOptions digestOptions, IReadOnlyList<string> trustedTrunks, ISipCredentialStore? store, SipTransportOptions? transport = null)
    {
        var digest = Options.Create(digestOptions);
        var registrarOptions = Options.Create(new RegistrarOptions());
        Store = new RegistrationStore(TimeProvider.System, registrarOptions);
        _registrar = new SipRegistrar(
            new SipDigestAuthenticator(
                store ?? InMemorySipCredentialStore.CreateDemo(digestOptions.Realm),
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
            Transport = transport ?? new SipTransportOptions { Address = "127.0.0.1", UdpPort = 0, TcpPort = 0 },
        };
        _stack = new SipStack(options, this, TimeProvider.System, NullLoggerFactory.Instance);
        var trunks = new TrustedTrunkAllowlist(trustedTrunks);
        _admission = new InviteAdmission(trunks, Store);
        _identities = new CallerIdentityResolver(
            new E164Normalizer(Options.Create(new PhoneNumberOptions())), trunks);
    }

    /// <summary>Each INVITE's answer (403 refused by admission, 480 admitted) and the identity resolved for it.</summary>
    public ConcurrentQueue<(int StatusCode, CallerIdentity Identity)> Calls { get; } = new();

    /// <summary>The transport each INVITE arrived over, in arrival order.</summary>
    public ConcurrentQueue<string> CallTransports { get; } = new();

    public RegistrationStore Store { get; }

    public int UdpPort => _stack.UdpEndPoint.Port;

    public int TcpPort => _stack.TcpEndPoint.Port;

    public SipStack Stack => _stack;

    public static Task<RegistrarHarness> StartAsync(DigestOptions digestOptions, params string[] trustedTrunks) =>
        StartAsync(digestOptions, (ISipCredentialStore?)null, trustedTrunks);

    public static async Task<RegistrarHarness> StartAsync(
        DigestOptions digestOptions, ISipCredentialStore? store, params string[] trustedTrunks)
    {
        var harness = new RegistrarHarness(digestOptions, trustedTrunks, store);
        await harness._stack.StartAsync(CancellationToken.None);
        return harness;
    }

    /// <summary>A harness whose transports are <paramref name="transport"/> (TLS on, for instance).</summary>
    public static async Task<RegistrarHarness> StartAsync(DigestOptions digestOptions, SipTransportOptions transport, params string[] trustedTrunks)
    {
        var harness = new RegistrarHarness(digestOptions, trustedTrunks, null, transport);
        await harness._stack.StartAsync(CancellationToken.None);
        return harness;
    }

    public ValueTask OnInboundCallAsync(InboundCall inboundCall, CancellationToken cancellationToken)
    {
        var status = _admission.IsAllowed(inboundCall.Source.Address)
            ? SipStatusCodes.TemporarilyUnavailable
            : SipStatusCodes.Forbidden;
        CallTransports.Enqueue(inboundCall.Transport);
        Calls.Enqueue((status, _identities.Resolve(inboundCall.Invite, inboundCall.Source.Address)));
        inboundCall.Call.Reject(status);
        return ValueTask.CompletedTask;
    }

    public ValueTask<bool> OnRequestAsync(InboundRequest request, CancellationToken cancellationToken) =>
        _registrar.TryHandleAsync(request, cancellationToken);

    public ValueTask DisposeAsync() => _stack.DisposeAsync();
}
