using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using TelecomContactCenter.Core.Routing;
using TelecomContactCenter.Server.Acd;
using TelecomContactCenter.Server.AgentDesk;
using TelecomContactCenter.Server.Agents;
using TelecomContactCenter.Server.Bridge;
using TelecomContactCenter.Server.Calls;
using TelecomContactCenter.Server.Contact;

namespace TelecomContactCenter.Server.Cluster;

/// <summary>
/// The internal API the nodes of a cluster serve each other (<see cref="IClusterApi"/>), under <c>/internal/</c>:
/// mapped only in a cluster, outside the user sign-in, and refused without the shared key
/// (<see cref="ClusterOptions.KeyHeader"/>: missing 401, wrong 403). The load balancer in front of the desktops does
/// not route it (deploy/haproxy/haproxy.cfg denies the path). The ACD and desk parts answer only on the leader; any
/// other node answers 503 <see cref="ClusterPeers.NotLeader"/>, which the caller retries on whoever leads. The
/// leader also serves its live board to a wallboard opened on another node.
/// </summary>
internal static class InternalApi
{
    public static WebApplication MapInternalCluster(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        if (app.Configuration.GetSection(ClusterOptions.Section).Get<ClusterOptions>() is not { Enabled: true })
        {
            return app;
        }

        var group = app.MapGroup("/internal").AllowAnonymous().ExcludeFromDescription().AddEndpointFilter(async (context, next) =>
        {
            var key = context.HttpContext.RequestServices.GetRequiredService<IOptions<ClusterOptions>>().Value.Key;
            if (context.HttpContext.Request.Headers[ClusterOptions.KeyHeader] is not [{ Length: > 0 } given])
            {
                return TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: $"The cluster key ({ClusterOptions.KeyHeader}) is missing.");
            }

            return CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(given), Encoding.UTF8.GetBytes(key))
                ? await next(context)
                : TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "The cluster key is wrong.");
        });

        var leader = group.MapGroup("").AddEndpointFilter(async (context, next) =>
            context.HttpContext.RequestServices.GetRequiredService<ClusterMembership>().IsLeader
                ? await next(context)
                : TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: ClusterPeers.NotLeader));

        leader.MapPost("/acd/enqueue", (CallHandoff call, ClusterCallEntry entry, CancellationToken ct) =>
            entry.LeaderEnqueueAsync(call, ct));
        leader.MapPost("/acd/abandon", (ClusterCallRequest call, ClusterCallEntry entry, CancellationToken ct) =>
            entry.LeaderAbandonAsync(new CallId(call.CallId), ct));
        leader.MapPost("/acd/answered", (ClusterCallRequest call, AcdRuntime acd, CancellationToken ct) =>
            acd.CallAnsweredAsync(new CallId(call.CallId), new AgentId(call.Agent ?? ""), ct));
        leader.MapPost("/acd/ended", (ClusterCallRequest call, ClusterCallEntry entry, CancellationToken ct) =>
            entry.LeaderEndedAsync(new CallId(call.CallId), ct));
        leader.MapPost("/desk/{operation}", DeskAsync);
        leader.MapGet("/board", (Wallboard.WallboardReadModel board) => new BoardViews(board.QueueStatistics(), board.AgentBoard()));
        leader.MapPost("/board/watchers", (BoardWatchers watchers, Wallboard.SupervisorFeed feed) =>
        {
            feed.WatchedElsewhere(watchers);
            return TypedResults.NoContent();
        });

        group.MapPost("/phone/ring", async (ClusterRingRequest ring, SipAgentPhone phone, OwnedCalls owned, AgentConnections connections, CancellationToken ct) =>
        {
            // Desktop answer needs the agent's desktop, which the leader knows to be connected on some node.
            connections.SetRemote(ring.Offer.AgentId.Value, ClusterPeers.LeaderVouched, ring.DesktopConnected);
            owned.Fire(ring.Offer.CallId, CallTrigger.RingEnded, CallTrigger.Ring);
            var rang = await phone.RingAsync(ring.Offer, ct);
            if (rang != RingResult.Ringing)
            {
                owned.Fire(ring.Offer.CallId, CallTrigger.RingEnded);
            }

            return rang;
        });
        group.MapPost("/phone/cancel", async (ClusterCallRequest call, SipAgentPhone phone, OwnedCalls owned, CancellationToken ct) =>
        {
            await phone.CancelAsync(new CallId(call.CallId), new AgentId(call.Agent ?? ""), ct);
            owned.Fire(new CallId(call.CallId), CallTrigger.RingEnded);
            return TypedResults.NoContent();
        });
        group.MapPost("/phone/desktop-answer", async (ClusterCallRequest call, SipAgentPhone phone, OwnedCalls owned, CancellationToken ct) =>
        {
            owned.Connected(new CallId(call.CallId), call.Agent ?? "");
            await phone.AnsweredOnDesktopAsync(new CallId(call.CallId), new AgentId(call.Agent ?? ""), ct);
            return TypedResults.NoContent();
        });
        group.MapPost("/phone/hang-up", async (ClusterCallRequest call, SipAgentPhone phone, CancellationToken ct) =>
        {
            await phone.HangUpAsync(new CallId(call.CallId), new AgentId(call.Agent ?? ""), ct);
            return TypedResults.NoContent();
        });
        group.MapPost("/phone/hold", (ClusterCallRequest call, SipAgentPhone phone, CancellationToken ct) =>
            phone.HoldAsync(new CallId(call.CallId), new AgentId(call.Agent ?? ""), call.Hold, ct).AsTask());
        group.MapGet("/node", (OwnedCalls owned, AgentConnections connections, ClusterMembership membership, Wallboard.SupervisorFeed feed) =>
            new NodeFacts(membership.Node, owned.Waiting(), owned.Connected(), connections.Here(), feed.Watchers()));
        return app;
    }

    private static async Task<IResult> DeskAsync(string operation, DeskRequest request, Desk desk, CancellationToken cancellationToken)
    {
        try
        {
            return await ClusterDesk.ServeAsync(desk, operation, request, cancellationToken) is { } reply
                ? TypedResults.Json(reply, ClusterPeers.Json)
                : TypedResults.NotFound();
        }
        catch (DeskRefusedException refused)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, detail: refused.Message,
                extensions: new Dictionary<string, object?> { ["code"] = refused.Code });
        }
    }
}
