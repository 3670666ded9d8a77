using TelecomContactCenter.Server.Agents;
using TelecomContactCenter.Server.Contact;
using TelecomContactCenter.Server.Ivr;

namespace TelecomContactCenter.Server.Bridge;

internal static class BridgeSetup
{
    /// <summary>
    /// Offer and bridge: the one agent phone (agents' SIP phones ring for the ACD's offers, desktop answer without a
    /// registered phone), the IVR's hand-over to the ACD, and answered calls relayed between caller and agent. Each
    /// leg's dialog events are heard on the leg itself, so this registers only its own services and may come before or
    /// after any other feature.
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
        services.AddSingleton(sp => new Lazy<ICallEntry>(sp.GetRequiredService<ICallEntry>));
        services.AddSingleton<IAgentPhone, SipAgentPhone>();
        services.AddSingleton<ICallQueueHandoff, AcdQueueHandoff>();
        return builder;
    }
}
