using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;
using TelecomContactCenter.Server.Auth;
using TelecomContactCenter.Server.Supervision;

namespace TelecomContactCenter.Server.Hubs;

/// <summary>The wallboard's hub at /hubs/supervisor: supervisors and admins only; pushes only, the board arrives on connect.</summary>
[Authorize(Policy = Policies.Supervision)]
internal sealed class SupervisorHub(SupervisorFeed feed) : Hub<ISupervisorClient>
{
    public override Task OnConnectedAsync() => feed.SendCurrentAsync(Clients.Caller, Context.ConnectionAborted);
}
