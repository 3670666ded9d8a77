using Microsoft.Extensions.DependencyInjection.Extensions;
using TelecomContactCenter.Server.Agents;
using TelecomContactCenter.Server.Bridge;
using TelecomContactCenter.Sip.UserAgent;

namespace TelecomContactCenter.Server.Callbacks;

internal static class CallbacksSetup
{
    /// <summary>
    /// Preview callbacks: due callbacks are offered through the ACD, the agent's phone rings, and on its answer the
    /// customer is dialled through <c>Telephony:OutboundTrunk</c>. Call after AddBridge: it wraps the agent phone and
    /// the SIP request handler the bridge registered.
    /// </summary>
    public static WebApplicationBuilder AddCallbacks(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddValidatedOptions<CallbackOptions>(CallbackOptions.Section, o => o.Validate());
        services.AddSingleton<CallbackClaims>();
        services.AddSingleton<CallbackCalls>();
        services.AddValidatedOptions<DialPolicyOptions>(DialPolicyOptions.Section, o => o.Validate());
        services.AddSingleton<DialGuard>();
        services.AddSingleton<CallbackConnector>();
        services.AddHostedService<CallbackDialler>();

        var phone = Last<IAgentPhone>(services);
        services.Replace(ServiceDescriptor.Singleton<IAgentPhone>(sp => ActivatorUtilities.CreateInstance<CallbackAgentPhone>(sp, Create<IAgentPhone>(sp, phone))));
        var handler = Last<ISipRequestHandler>(services);
        services.Remove(handler);
        services.AddSingleton<ISipRequestHandler>(sp => ActivatorUtilities.CreateInstance<CallbackSipEvents>(sp, Create<ISipRequestHandler>(sp, handler)));
        return builder;
    }

    private static ServiceDescriptor Last<T>(IServiceCollection services) =>
        services.LastOrDefault(d => d.ServiceType == typeof(T))
        ?? throw new InvalidOperationException($"Register the bridge (AddBridge) before callbacks (AddCallbacks): no {typeof(T).Name}.");

    private static T Create<T>(IServiceProvider services, ServiceDescriptor descriptor) =>
        (T)(descriptor.ImplementationInstance
            ?? descriptor.ImplementationFactory?.Invoke(services)
            ?? ActivatorUtilities.CreateInstance(services, descriptor.ImplementationType!));
}
