using Microsoft.Extensions.Options;
using TelecomContactCenter.Media.Calls;
using TelecomContactCenter.Media.Prompts;
using TelecomContactCenter.Server.Ivr.Callbacks;
using TelecomContactCenter.Server.Telephony;

namespace TelecomContactCenter.Server.Ivr;

internal static class IvrSetup
{
    /// <summary>
    /// The IVR: media (RTP ports, prompts, pacing clock), the flow catalog from <c>Ivr:FlowsPath</c> (validated
    /// against the loaded prompts at start; reloaded on change), the call runtime behind telephony's <see cref="IInboundCallHandler"/>.
    /// The IVR hears how each call ends on the call itself, so this may come before or after any other feature.
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
        services.AddSingleton<IvrCallRuntime>();
        services.AddSingleton<CallbackBook>();
        services.AddSingleton<IInboundCallHandler, IvrInboundCallHandler>();
        return builder;
    }
}
