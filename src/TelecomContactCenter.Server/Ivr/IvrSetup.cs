using Microsoft.Extensions.Options;
using TelecomContactCenter.Media.Calls;
using TelecomContactCenter.Media.Prompts;
using TelecomContactCenter.Server.Ivr.Callbacks;
using TelecomContactCenter.Server.Telephony;
using TelecomContactCenter.Sip.UserAgent;

namespace TelecomContactCenter.Server.Ivr;

internal static class IvrSetup
{
    /// <summary>
    /// The IVR: media (RTP ports, prompts, pacing clock), the flow catalog from <c>Ivr:FlowsPath</c> (validated
    /// against the loaded prompts at start; reloaded on change), the call runtime behind telephony's <see cref="IInboundCallHandler"/>. Call after AddTelephony.
    /// </summary>
    public static WebApplicationBuilder AddIvr(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddValidatedOptions<IvrOptions>(IvrOptions.Section, o => o.Validate());
        services.AddMedia();
        services.AddOptions<MediaOptions>().PostConfigure<IHostEnvironment>((media, host) =>
            media.PromptFolder = IvrOptions.ResolveFolder(media.PromptFolder, host.ContentRootPath));
        services.AddSingleton(sp => new IvrFlowCatalog(
            IvrOptions.ResolveFolder(sp.GetRequiredService<IOptions<IvrOptions>>().Value.FlowsPath, sp.GetRequiredService<IHostEnvironment>().ContentRootPath),
            sp.GetRequiredService<PromptLibrary>(),
            sp.GetRequiredService<ILogger<IvrFlowCatalog>>()));
        services.AddSingleton<IvrFlowWatcher>();
        services.AddHostedService(sp => sp.GetRequiredService<IvrFlowWatcher>());
        services.AddSingleton<IvrCallerProfiles>();
        services.AddSingleton<ICallQueueHandoff, PromptLoopQueueHandoff>();
        services.AddSingleton<IvrCallRuntime>();
        services.AddSingleton<CallbackBook>();
        services.AddSingleton<IInboundCallHandler, IvrInboundCallHandler>();
        DecorateSipHandler(services);
        return builder;
    }

    /// <summary>Wraps telephony's SIP request handler (registered before this) so BYE and CANCEL reach IVR calls.</summary>
    private static void DecorateSipHandler(IServiceCollection services)
    {
        var inner = services.LastOrDefault(d => d.ServiceType == typeof(ISipRequestHandler) && d.ImplementationType is not null)
            ?? throw new InvalidOperationException("Register telephony (AddTelephony) before the IVR (AddIvr).");
        services.Remove(inner);
        var innerType = inner.ImplementationType!;
        services.AddSingleton<ISipRequestHandler>(sp => new IvrDialogEvents(
            (ISipRequestHandler)ActivatorUtilities.CreateInstance(sp, innerType), sp.GetRequiredService<IvrCallRuntime>()));
    }
}
