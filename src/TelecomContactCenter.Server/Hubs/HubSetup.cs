using System.Runtime.CompilerServices;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.StackExchangeRedis;
using Microsoft.Extensions.Options;
using TelecomContactCenter.Server.Cluster;
using TelecomContactCenter.Server.Data;

// SignalR emits the typed client proxies (IAgentClient, ISupervisorClient) into this dynamic assembly; the
// interfaces and their payloads stay internal to the host like the rest of it.
[assembly: InternalsVisibleTo("Microsoft.AspNetCore.SignalR.TypedClientBuilder")]

namespace TelecomContactCenter.Server.Hubs;

internal static class HubSetup
{
    public const string AgentPath = "/hubs/agent";
    public const string SupervisorPath = "/hubs/supervisor";

    public static IServiceCollection AddContactCenterHubs(this IServiceCollection services, IConfiguration configuration)
    {
        var signalR = services.AddSignalR(o => o.AddFilter<Web.RequestLimitsHubFilter>()).AddJsonProtocol(o => o.PayloadSerializerOptions.Converters.Add(new JsonStringEnumConverter()));
        services.AddValidatedOptions<ClusterOptions>(ClusterOptions.Section, o => o.Validate())
            .Validate<IOptions<DatabaseOptions>>(
                (cluster, database) => !cluster.Enabled || database.Value.Provider == DatabaseProvider.Postgres,
                $"{ClusterOptions.Section}:{nameof(ClusterOptions.Redis)} is set, so this node is one of a cluster, whose nodes share one " +
                $"PostgreSQL database: set {DatabaseOptions.Section}:{nameof(DatabaseOptions.Provider)} to Postgres.");
        if (configuration.GetSection(ClusterOptions.Section).Get<ClusterOptions>() is { Enabled: true })
        {
            // Pushes to users and groups go through Redis, so they reach a desktop on any node of the deployment.
            services.AddSingleton<RedisBackplaneConnection>();
            services.AddHostedService(sp => sp.GetRequiredService<RedisBackplaneConnection>());
            signalR.AddStackExchangeRedis();
            services.AddOptions<RedisOptions>().Configure<RedisBackplaneConnection>((redis, backplane) =>
                redis.ConnectionFactory = backplane.ConnectHubAsync);
        }

        services.AddSingleton<IUserIdProvider, UserNameIdProvider>();
        services.AddSingleton<IdempotentRequests>();

        // WebSocket and EventSource clients cannot send headers, so under /hubs the token may come as access_token.
        services.PostConfigure<BearerTokenOptions>(IdentityConstants.BearerScheme, bearer =>
        {
            var inner = bearer.Events.OnMessageReceived;
            bearer.Events.OnMessageReceived = async context =>
            {
                await inner(context);
                if (context.Token is null && context.Request.Path.StartsWithSegments("/hubs")
                    && context.Request.Query["access_token"] is [{ Length: > 0 } token])
                {
                    context.Token = token;
                }
            };
        });
        return services;
    }

    public static IEndpointRouteBuilder MapContactCenterHubs(this IEndpointRouteBuilder app)
    {
        app.MapHub<AgentHub>(AgentPath);
        app.MapHub<SupervisorHub>(SupervisorPath);
        return app;
    }

    /// <summary>Hub users are addressed by user name, the same id complaint owners and the ACD use.</summary>
    private sealed class UserNameIdProvider : IUserIdProvider
    {
        public string? GetUserId(HubConnectionContext connection) => connection.User.Identity?.Name;
    }
}
