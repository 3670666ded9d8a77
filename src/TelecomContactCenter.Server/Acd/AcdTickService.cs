using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using TelecomContactCenter.Server.Agents;
using TelecomContactCenter.Server.Auth;

namespace TelecomContactCenter.Server.Acd;

/// <summary>
/// Registers the users in role Agent with the ACD, then drives its clock: ring timeouts, overflow and wrap-up
/// limits, on a <see cref="PeriodicTimer"/> built on the host's <see cref="TimeProvider"/>.
/// </summary>
internal sealed partial class AcdTickService(
    AcdRuntime distributor, IServiceScopeFactory scopes, IOptions<AgentOptions> options, TimeProvider timeProvider,
    ILogger<AcdTickService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.TickInterval, timeProvider);
        await LoadAgentsAsync();
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await distributor.TickAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogTickFailed(logger, ex);
            }
        }
    }

    private async Task LoadAgentsAsync()
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var users = scope.ServiceProvider.GetRequiredService<UserManager<IdentityUser>>();
            foreach (var user in await users.GetUsersInRoleAsync(Roles.Agent))
            {
                distributor.EnsureAgent(user.UserName!);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Agents are also registered when they first connect, so a failure here only delays the wallboard.
            LogLoadFailed(logger, ex);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "ACD tick failed")]
    private static partial void LogTickFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Loading agents at start failed; they register when they connect")]
    private static partial void LogLoadFailed(ILogger logger, Exception exception);
}
