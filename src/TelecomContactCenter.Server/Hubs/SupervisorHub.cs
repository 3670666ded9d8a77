using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;
using TelecomContactCenter.Server.Auth;
using TelecomContactCenter.Server.Discounts;
using TelecomContactCenter.Server.Wallboard;

namespace TelecomContactCenter.Server.Hubs;

/// <summary>The wallboard's hub at /hubs/supervisor: supervisors and admins only; pushes only, the board and the pending discounts arrive on connect.</summary>
[Authorize(Policy = Policies.Supervision)]
internal sealed class SupervisorHub(SupervisorFeed feed, DiscountApprovals discounts) : Hub<ISupervisorClient>
{
    public override async Task OnConnectedAsync()
    {
        try
        {
            await feed.WatchAsync(Context.ConnectionId, Context.ConnectionAborted);
            await feed.SendCurrentAsync(Clients.Caller, Context.ConnectionAborted);
            await Clients.Caller.PendingDiscounts(await discounts.PendingAsync(Context.ConnectionAborted));
        }
        catch
        {
            // A connection that fails to start may never get OnDisconnectedAsync.
            await feed.UnwatchAsync(Context.ConnectionId);
            throw;
        }
    }

    public override async Task OnDisconnectedAsync(Exception? exception)
    {
        await feed.UnwatchAsync(Context.ConnectionId);
        await base.OnDisconnectedAsync(exception);
    }
}
