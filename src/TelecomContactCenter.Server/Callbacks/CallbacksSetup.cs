namespace TelecomContactCenter.Server.Callbacks;

internal static class CallbacksSetup
{
    /// <summary>
    /// Preview callbacks: due callbacks are offered through the ACD, the agent's phone rings (the one agent phone asks
    /// <see cref="CallbackConnector"/> for callback offers), and on its answer the customer is dialled through
    /// <c>Telephony:OutboundTrunk</c>. Registers only its own services, so it may come before or after any other feature.
    /// </summary>
    public static WebApplicationBuilder AddCallbacks(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddValidatedOptions<CallbackOptions>(CallbackOptions.Section, o => o.Validate());
        services.AddSingleton<CallbackClaims>();
        services.AddValidatedOptions<DialPolicyOptions>(DialPolicyOptions.Section, o => o.Validate());
        services.AddSingleton<DialGuard>();
        services.AddSingleton<CallbackConnector>();
        services.AddHostedService<CallbackDialler>();
        return builder;
    }
}
