using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using TelecomContactCenter.Server.Calls;
using TelecomContactCenter.Sip.Authentication;
using TelecomContactCenter.Sip.Identity;
using TelecomContactCenter.Sip.Protection;
using TelecomContactCenter.Sip.Registrar;
using TelecomContactCenter.Sip.UserAgent;

namespace TelecomContactCenter.Server.Telephony;

internal static class TelephonySetup
{
    /// <summary>
    /// The SIP side of the host: the stack on <c>Sip:Transport</c> (UDP and TCP, default 127.0.0.1:5060), the
    /// registrar over the agents' credentials in the database (<c>Sip:Digest</c>, <c>Sip:Registrar</c>),
    /// protection (<c>Sip:TrustedTrunks</c>, <c>Sip:RateLimit</c>, <c>Sip:Overload</c>), caller identity
    /// (numbers on the <c>PhoneNumbers</c> plan) and the access-number table (<c>Telephony</c>). Register after the data
    /// services so the stack starts listening only once the database is migrated and seeded.
    /// The shipped appsettings.json trusts 127.0.0.0/8 and ::1/128 as trunks so a local sipp, Kamailio or PBX can
    /// place calls and assert identities in the demo; a deployment lists its carriers' and SBCs' addresses instead
    /// (an empty list trusts no one: only registered phones may then call in).
    /// </summary>
    public static WebApplicationBuilder AddTelephony(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddValidatedOptions<TelephonyOptions>(TelephonyOptions.Section, o => o.Validate());
        if (builder.Configuration.GetSection("Sip:CallerIdentity").Exists())
        {
            // A retired section would otherwise be ignored without a word, and numbers normalised by the defaults.
            services.AddOptions<TelephonyOptions>().Validate(_ => false,
                "Sip:CallerIdentity is not a setting any more: the one numbering plan for callers and typed numbers is the " +
                "PhoneNumbers section (CountryCode, NationalPrefix, InternationalPrefix, MinNationalLength, MaxNationalLength).");
        }

        services.AddValidatedOptions<SrtpOptions>(SrtpOptions.Section, o => o.Validate());
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<ISipCredentialStore, DatabaseSipCredentialStore>();
        services.AddSipRegistrar();
        services.AddSingleton<RegistrationPersistence>();
        services.AddHostedService(sp => sp.GetRequiredService<RegistrationPersistence>());
        services.AddSipCallerIdentity();
        services.AddSingleton<CallRedirector>();
        services.TryAddSingleton<CallBook>();
        services.AddSingleton<CallerCustomers>();
        services.AddSingleton<ISipRequestHandler, TelephonyRequestHandler>();
        services.AddSipStack();

        // Stops before the stack (hosted services stop in reverse): handed-over calls get their BYE and end work.
        services.AddHostedService(sp => sp.GetRequiredService<CallBook>());
        services.AddHostedService<ListeningLog>();
        services.TryAddSingleton(sp => new Lazy<SipStack>(sp.GetRequiredService<SipStack>));
        services.AddSingleton<TrunkRegistration>();
        services.AddHostedService(sp => sp.GetRequiredService<TrunkRegistration>());
        return builder;
    }

    /// <summary>Says where SIP listens once the stack has bound (ports may be ephemeral).</summary>
    private sealed class ListeningLog(SipStack stack, ILogger<SipStack> logger) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            TelephonyLog.Listening(logger, stack.UdpEndPoint, stack.TcpEndPoint);
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
