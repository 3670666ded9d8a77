using Microsoft.Extensions.DependencyInjection.Extensions;
using TelecomContactCenter.Server.Agents;
using TelecomContactCenter.Server.Contact;
using TelecomContactCenter.Server.Ivr;
using TelecomContactCenter.Sip.Identity;
using TelecomContactCenter.Sip.UserAgent;

namespace TelecomContactCenter.Server.Bridge;

internal static class BridgeSetup
{
    /// <summary>
    /// Offer and bridge: agents' SIP phones ring for the ACD's offers (desktop answer without a registered phone),
    /// the IVR hands queued calls to the ACD, and answered calls are relayed between caller and agent. Call after
    /// AddTelephony, AddContactCentre and AddIvr: it replaces their stand-ins and wraps the SIP request handler.
    /// </summary>
    public static WebApplicationBuilder AddBridge(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddValidatedOptions<BridgeOptions>(BridgeOptions.Section, o => o.Validate());
        services.AddSingleton<CallBridge>();
        services.AddSingleton<DesktopAnswerPhone>();
        services.AddSingleton<ReInviteRelay>();
        services.AddSingleton<OutboundDialler>();

        // The SIP stack needs the request handler, whose IVR needs the ACD, which needs this phone, which needs
        // the stack and the ACD again: the phone takes both lazily, at its first ring.
        services.TryAddSingleton(sp => new Lazy<SipStack>(sp.GetRequiredService<SipStack>));
        services.AddSingleton(sp => new Lazy<ICallEntry>(sp.GetRequiredService<ICallEntry>));
        services.Replace(ServiceDescriptor.Singleton<IAgentPhone, SipAgentPhone>());
        services.Replace(ServiceDescriptor.Singleton<ICallQueueHandoff, AcdQueueHandoff>());

        var inner = services.LastOrDefault(d => d.ServiceType == typeof(ISipRequestHandler))
            ?? throw new InvalidOperationException("Register telephony (AddTelephony) before the bridge (AddBridge).");
        services.Remove(inner);
        services.AddSingleton(sp => new BridgeSipEvents(
            Create(sp, inner), sp.GetRequiredService<CallBridge>(), sp.GetRequiredService<CallerIdentityResolver>(),
            sp.GetRequiredService<ReInviteRelay>()));
        services.AddSingleton<ISipRequestHandler>(sp => sp.GetRequiredService<BridgeSipEvents>());
        services.AddSingleton(sp => new Lazy<BridgeSipEvents>(sp.GetRequiredService<BridgeSipEvents>));
        return builder;
    }

    private static ISipRequestHandler Create(IServiceProvider services, ServiceDescriptor descriptor) =>
        (ISipRequestHandler)(descriptor.ImplementationInstance
            ?? descriptor.ImplementationFactory?.Invoke(services)
            ?? ActivatorUtilities.CreateInstance(services, descriptor.ImplementationType!));
}
