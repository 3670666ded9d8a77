using Microsoft.Extensions.DependencyInjection.Extensions;
using TelecomContactCenter.Core.Routing;
using TelecomContactCenter.Server.Acd;
using TelecomContactCenter.Server.AgentDesk;
using TelecomContactCenter.Server.Agents;
using TelecomContactCenter.Server.Calls;
using TelecomContactCenter.Server.Hubs;
using TelecomContactCenter.Server.Interactions;
using TelecomContactCenter.Server.Supervision;
using TelecomContactCenter.Server.Wallboard;
using TelecomContactCenter.Server.Web;

namespace TelecomContactCenter.Server.Contact;

/// <summary>
/// Agents, the ACD runtime, the agent desk, the wallboard, hubs, supervision and the interaction record: one feature
/// for Program.cs.
/// </summary>
internal static class ContactSetup
{
    public static WebApplicationBuilder AddContactCentre(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddValidatedOptions<RoutingOptions>("Routing", o => o.Validate());
        services.AddValidatedOptions<AgentOptions>(AgentOptions.Section, o => o.Validate());
        services.AddValidatedOptions<SupervisionOptions>(SupervisionOptions.Section, o => o.Validate());
        services.AddSingleton<AgentConnections>();
        services.AddSingleton<BoardChanges>();
        services.AddScoped<ScreenPopBuilder>();
        services.TryAddSingleton<CallBook>();
        services.AddSingleton<AcdRuntime>();
        services.AddSingleton<ICallEntry>(sp => sp.GetRequiredService<AcdRuntime>());
        services.AddSingleton<Desk>();
        services.AddSingleton<WallboardReadModel>();
        services.AddHostedService<AcdTickService>();
        services.AddHostedService<PhoneRegistrationWatch>();
        services.AddSingleton<SupervisorFeed>();
        services.AddHostedService(sp => sp.GetRequiredService<SupervisorFeed>());
        services.AddSingleton<SlaMonitor>();
        services.AddHostedService(sp => sp.GetRequiredService<SlaMonitor>());
        services.AddContactCenterHubs(builder.Configuration);
        return builder;
    }

    public static WebApplication MapContactCentre(this WebApplication app)
    {
        app.MapContactCenterHubs();
        app.MapGroup("/api").RequireAuthorization().WithRequestLimits().MapInteractions();
        return app;
    }
}
