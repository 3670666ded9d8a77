using System.Net;
using System.Text.Json;
using Refit;
using TelecomContactCenter.Core.Routing;
using TelecomContactCenter.Server.Cluster;
using TelecomContactCenter.Server.Hubs;
using TelecomContactCenter.Server.Profiles;

namespace TelecomContactCenter.Server.AgentDesk;

/// <summary>
/// The agent desk of a node in a cluster: every operation runs on the ACD leader's <see cref="Desk"/>, here when this
/// node leads and over the internal API otherwise (<see cref="ClusterPeers.ViaLeaderAsync"/>), since only the leader's
/// ACD holds the agent and their call. The leader's pushes reach the desktop on this node through the Redis backplane.
/// A refusal comes back as 409 with its code and is thrown here as the same <see cref="DeskRefusedException"/>.
/// Stateless.
/// </summary>
internal sealed class ClusterDesk(Desk desk, ClusterPeers peers, ClusterMembership membership) : IAgentDesk
{
    /// <summary>The operation names of the internal desk API (<c>POST /internal/desk/{operation}</c>).</summary>
    internal static class Operations
    {
        public const string State = "state";
        public const string Connected = "connected";
        public const string Disconnected = "disconnected";
        public const string Status = "status";
        public const string Accept = "accept";
        public const string HangUp = "hang-up";
        public const string Hold = "hold";
        public const string OfferOutcome = "offer-outcome";
        public const string Disposition = "disposition";
        public const string Notes = "notes";
        public const string WrapUp = "wrap-up";
        public const string Complaint = "complaint";
        public const string Offers = "offers";
    }

    public Task<AgentStateView> StateOfAsync(string agent, CancellationToken cancellationToken) =>
        RunAsync(() => desk.StateOfAsync(agent, cancellationToken), Operations.State, new DeskRequest(agent), r => r.State!, cancellationToken);

    public Task ConnectedAsync(string agent, CancellationToken cancellationToken) =>
        RunAsync(() => Done(desk.ConnectedAsync(agent, cancellationToken)), Operations.Connected, new DeskRequest(agent) { Node = membership.Node }, _ => true, cancellationToken);

    public Task DisconnectedAsync(string agent, CancellationToken cancellationToken) =>
        RunAsync(() => Done(desk.DisconnectedAsync(agent, cancellationToken)), Operations.Disconnected, new DeskRequest(agent) { Node = membership.Node }, _ => true, cancellationToken);

    public Task<AgentStateView> SetStatusAsync(string agent, AgentStatus status, string? reason, CancellationToken cancellationToken) =>
        RunAsync(() => desk.SetStatusAsync(agent, status, reason, cancellationToken), Operations.Status,
            new DeskRequest(agent) { Status = status.ToString(), Reason = reason }, r => r.State!, cancellationToken);

    public Task<CallStateView> AcceptAsync(string agent, CallId callId, CancellationToken cancellationToken) =>
        RunAsync(() => desk.AcceptAsync(agent, callId, cancellationToken), Operations.Accept, new DeskRequest(agent) { CallId = callId.Value }, r => r.Call!, cancellationToken);

    public Task<CallStateView> HangUpAsync(string agent, CallId callId, CancellationToken cancellationToken) =>
        RunAsync(() => desk.HangUpAsync(agent, callId, cancellationToken), Operations.HangUp, new DeskRequest(agent) { CallId = callId.Value }, r => r.Call!, cancellationToken);

    public Task<CallStateView> HoldAsync(string agent, CallId callId, bool hold, CancellationToken cancellationToken) =>
        RunAsync(() => desk.HoldAsync(agent, callId, hold, cancellationToken), Operations.Hold,
            new DeskRequest(agent) { CallId = callId.Value, Hold = hold }, r => r.Call!, cancellationToken);

    public Task<WrapUpView> RecordOfferOutcomeAsync(
        string agent, CallId callId, string offerId, string outcome, string scriptVersion, CancellationToken cancellationToken) =>
        RunAsync(() => desk.RecordOfferOutcomeAsync(agent, callId, offerId, outcome, scriptVersion, cancellationToken), Operations.OfferOutcome,
            new DeskRequest(agent) { CallId = callId.Value, OfferId = offerId, Outcome = outcome, ScriptVersion = scriptVersion }, r => r.WrapUp!, cancellationToken);

    public Task<WrapUpView> SetDispositionAsync(string agent, CallId callId, string disposition, CancellationToken cancellationToken) =>
        RunAsync(() => desk.SetDispositionAsync(agent, callId, disposition, cancellationToken), Operations.Disposition,
            new DeskRequest(agent) { CallId = callId.Value, Text = disposition }, r => r.WrapUp!, cancellationToken);

    public Task<WrapUpView> SetNotesAsync(string agent, CallId callId, string? notes, CancellationToken cancellationToken) =>
        RunAsync(() => desk.SetNotesAsync(agent, callId, notes, cancellationToken), Operations.Notes,
            new DeskRequest(agent) { CallId = callId.Value, Text = notes }, r => r.WrapUp!, cancellationToken);

    public Task<WrapUpView> CompleteWrapUpAsync(string agent, CallId callId, CancellationToken cancellationToken) =>
        RunAsync(() => desk.CompleteWrapUpAsync(agent, callId, cancellationToken), Operations.WrapUp, new DeskRequest(agent) { CallId = callId.Value }, r => r.WrapUp!, cancellationToken);

    public Task LinkComplaintAsync(string agent, Guid complaintId, CancellationToken cancellationToken) =>
        RunAsync(() => Done(desk.LinkComplaintAsync(agent, complaintId, cancellationToken)), Operations.Complaint,
            new DeskRequest(agent) { ComplaintId = complaintId }, _ => true, cancellationToken);

    public Task RefreshOffersAsync(long customerId, IReadOnlyList<OfferView> offers, CancellationToken cancellationToken) =>
        RunAsync(() => Done(desk.RefreshOffersAsync(customerId, offers, cancellationToken)), Operations.Offers,
            new DeskRequest("") { CustomerId = customerId, Offers = offers }, _ => true, cancellationToken);

    /// <summary>
    /// The leader's answer to a desk request that came over the internal API (<paramref name="operation"/> as named in
    /// <see cref="Operations"/>); a refusal is thrown as <see cref="DeskRefusedException"/>, an unknown operation as null.
    /// </summary>
    public static async Task<DeskReply?> ServeAsync(Desk desk, string operation, DeskRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(desk);
        ArgumentNullException.ThrowIfNull(request);
        var agent = request.Agent;
        var call = new CallId(request.CallId ?? "");
        switch (operation)
        {
            case Operations.State:
                return new DeskReply(State: desk.StateOf(agent));
            case Operations.Connected:
                await desk.ConnectedFromAsync(agent, request.Node, cancellationToken);
                return new DeskReply();
            case Operations.Disconnected:
                await desk.DisconnectedFromAsync(agent, request.Node, cancellationToken);
                return new DeskReply();
            case Operations.Status:
                return Enum.TryParse<AgentStatus>(request.Status, out var status)
                    ? new DeskReply(State: await desk.SetStatusAsync(agent, status, request.Reason, cancellationToken))
                    : throw new DeskRefusedException("status.unknown", $"Unknown status '{request.Status}'.");
            case Operations.Accept:
                return new DeskReply(Call: await desk.AcceptAsync(agent, call, cancellationToken));
            case Operations.HangUp:
                return new DeskReply(Call: await desk.HangUpAsync(agent, call, cancellationToken));
            case Operations.Hold:
                return new DeskReply(Call: await desk.HoldAsync(agent, call, request.Hold, cancellationToken));
            case Operations.OfferOutcome:
                return new DeskReply(WrapUp: await desk.RecordOfferOutcomeAsync(agent, call, request.OfferId ?? "", request.Outcome ?? "", request.ScriptVersion ?? "", cancellationToken));
            case Operations.Disposition:
                return new DeskReply(WrapUp: await desk.SetDispositionAsync(agent, call, request.Text ?? "", cancellationToken));
            case Operations.Notes:
                return new DeskReply(WrapUp: await desk.SetNotesAsync(agent, call, request.Text, cancellationToken));
            case Operations.WrapUp:
                return new DeskReply(WrapUp: await desk.CompleteWrapUpAsync(agent, call, cancellationToken));
            case Operations.Complaint when request.ComplaintId is { } complaint:
                await desk.LinkComplaintAsync(agent, complaint, cancellationToken);
                return new DeskReply();
            case Operations.Offers when request.CustomerId is { } customer:
                await desk.RefreshOffersAsync(customer, request.Offers ?? [], cancellationToken);
                return new DeskReply();
            default:
                return null;
        }
    }

    private static async Task<bool> Done(Task task)
    {
        await task;
        return true;
    }

    private async Task<T> RunAsync<T>(
        Func<Task<T>> local, string operation, DeskRequest request, Func<DeskReply, T> answer, CancellationToken cancellationToken)
    {
        try
        {
            return await peers.ViaLeaderAsync(local, async api => answer(await api.DeskAsync(operation, request, cancellationToken)),
                $"the desk's {operation} for {request.Agent}", cancellationToken);
        }
        catch (ApiException refused) when (refused.StatusCode == HttpStatusCode.Conflict)
        {
            var problem = refused.Content is { Length: > 0 } content ? JsonSerializer.Deserialize<JsonElement>(content) : default;
            var code = problem.ValueKind == JsonValueKind.Object && problem.TryGetProperty("code", out var c) ? c.GetString() : null;
            var detail = problem.ValueKind == JsonValueKind.Object && problem.TryGetProperty("detail", out var d) ? d.GetString() : null;
            throw new DeskRefusedException(code ?? "desk.refused", detail ?? refused.Message);
        }
    }
}
