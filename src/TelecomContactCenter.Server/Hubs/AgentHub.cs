using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;
using TelecomContactCenter.Core.Complaints;
using TelecomContactCenter.Core.Routing;
using TelecomContactCenter.Server.AgentDesk;
using TelecomContactCenter.Server.Agents;
using TelecomContactCenter.Server.Auth;
using TelecomContactCenter.Server.Complaints;
using TelecomContactCenter.Server.Discounts;
using TelecomContactCenter.Server.Profiles;
using TelecomContactCenter.Server.Wallboard;
using TelecomContactCenter.Server.Web;

namespace TelecomContactCenter.Server.Hubs;

/// <summary>Fields for a complaint opened during a call; the customer defaults to the agent's current caller.</summary>
internal sealed record CallComplaintRequest(
    long? CustomerId, string Category, string? Severity, string? SlaKind, string? Summary, string? FaultKind = null,
    bool AttachToExisting = false);

/// <summary>
/// The agent desktop's hub at /hubs/agent. Thin: every method names the signed-in agent and hands over to the
/// desk (<see cref="IAgentDesk"/>: in a cluster the ACD leader's, wherever the desktop is connected) or the
/// complaint service. Every changing call carries a request id
/// (idempotency); a refusal arrives as a hub error with a message for the agent.
/// </summary>
[Authorize(Roles = Roles.Agent)]
internal sealed class AgentHub(
    IAgentDesk desk, AgentConnections connections, IdempotentRequests requests, ComplaintService complaints, BoardChanges board,
    DiscountApprovals discounts, ReasonCapture reasons)
    : Hub<IAgentClient>
{
    private string Agent => Context.User!.Identity!.Name!;

    public override async Task OnConnectedAsync()
    {
        // In the agent's group before the desk counts it as connected, so no push in between is lost.
        await Groups.AddToGroupAsync(Context.ConnectionId, AgentConnections.Group(Agent));
        connections.Add(Agent, Context.ConnectionId);
        await desk.ConnectedAsync(Agent, Context.ConnectionAborted);
        await Clients.Caller.StatusChanged(await desk.StateOfAsync(Agent, Context.ConnectionAborted));
        board.Changed();
    }

    public override async Task OnDisconnectedAsync(Exception? exception)
    {
        if (connections.Remove(Agent, Context.ConnectionId))
        {
            await desk.DisconnectedAsync(Agent, CancellationToken.None);
        }
    }

    /// <summary>Status, state, current call with its pop and wrap-up: what a reconnecting desktop redraws from.</summary>
    public Task<AgentStateView> GetState() => desk.StateOfAsync(Agent, Context.ConnectionAborted);

    public Task<AgentStateView> SetStatus(string requestId, string status, string? reason) =>
        requests.RunAsync(Agent, requestId, () =>
        {
            if (!Enum.TryParse<AgentStatus>(status, ignoreCase: true, out var parsed) || int.TryParse(status, out _))
            {
                throw new DeskRefusedException("status.unknown", $"Unknown status '{status}'. Values: {string.Join(", ", Enum.GetNames<AgentStatus>())}.");
            }

            if (parsed == AgentStatus.OnBreak && string.IsNullOrWhiteSpace(reason))
            {
                throw new DeskRefusedException("status.breakNeedsReason", "A break needs a reason (lunch, training, ...).");
            }

            return desk.SetStatusAsync(Agent, parsed, reason, Context.ConnectionAborted);
        });

    public Task<CallStateView> AcceptCall(string requestId, string callId) =>
        requests.RunAsync(Agent, requestId, () => desk.AcceptAsync(Agent, new CallId(callId), Context.ConnectionAborted));

    /// <summary>Ends the agent's call from the desktop (desktop-answer mode; with a phone, BYE does it).</summary>
    public Task<CallStateView> HangUp(string requestId, string callId) =>
        requests.RunAsync(Agent, requestId, () => desk.HangUpAsync(Agent, new CallId(callId), Context.ConnectionAborted));

    /// <summary>Holds (<paramref name="hold"/> true) or resumes the agent's call from the desktop; the caller hears the queue prompt while held.</summary>
    public Task<CallStateView> Hold(string requestId, string callId, bool hold) =>
        requests.RunAsync(Agent, requestId, () => desk.HoldAsync(Agent, new CallId(callId), hold, Context.ConnectionAborted));

    /// <summary>
    /// Records what the caller said to an offer. An accepted offer that carries a discount is granted, or, above the
    /// agent's rung for the tier, waits for a supervisor; either way the desktop hears of it through DiscountChanged.
    /// A discount the ladder refuses (the customer turned unprofitable since the pop, say) is a hub error naming the rule.
    /// </summary>
    public Task<WrapUpView> RecordOfferOutcome(string requestId, string callId, string offerId, string outcome, string scriptVersion) =>
        requests.RunAsync(Agent, requestId, async () =>
        {
            var wrapUp = await desk.RecordOfferOutcomeAsync(Agent, new CallId(callId), offerId, outcome, scriptVersion, Context.ConnectionAborted);
            if (string.Equals(outcome, "Accepted", StringComparison.OrdinalIgnoreCase)
                && (await desk.StateOfAsync(Agent, Context.ConnectionAborted)).Pop is { Customer: { } customer } pop && pop.CallId == callId
                && pop.Offers.FirstOrDefault(o => o.OfferId == offerId) is { DiscountPercent: > 0 } offer)
            {
                var ask = new DiscountAsk(customer.CustomerId, offer.DiscountPercent, offer.DurationMonths,
                    $"Offer {offer.OfferId} ({offer.Title}) accepted on the call", callId, offer.OfferId);
                var result = await discounts.RequestAsync(Agent, isSupervisor: false, ask, Context.ConnectionAborted);
                if (result.Discount is null)
                {
                    throw result.Refused();
                }
            }

            return wrapUp;
        });

    /// <summary>
    /// Grants a goodwill discount (complaint compensation) on the tier's ladder, as POST /api/discounts does: within
    /// the agent's rung at once, above it waiting for a supervisor; a refusal is a hub error "[discount.…] reason".
    /// </summary>
    public Task<DiscountView> RequestDiscount(string requestId, DiscountAsk ask) =>
        requests.RunAsync(Agent, requestId, async () =>
        {
            var result = await discounts.RequestAsync(Agent, isSupervisor: false, ask, Context.ConnectionAborted);
            return result.Discount ?? throw result.Refused();
        });

    public Task<WrapUpView> SetDisposition(string requestId, string callId, string disposition) =>
        requests.RunAsync(Agent, requestId, () => desk.SetDispositionAsync(Agent, new CallId(callId), disposition, Context.ConnectionAborted));

    /// <summary>Saves the agent's notes on the call (during the call or at wrap-up); they stay with the interaction record.</summary>
    public Task<WrapUpView> SetNotes(string requestId, string callId, string? notes) =>
        requests.RunAsync(Agent, requestId, () => desk.SetNotesAsync(Agent, new CallId(callId), notes, Context.ConnectionAborted));

    public Task<WrapUpView> CompleteWrapUp(string requestId, string callId) =>
        requests.RunAsync(Agent, requestId, () => desk.CompleteWrapUpAsync(Agent, new CallId(callId), Context.ConnectionAborted));

    /// <summary>
    /// Records what the customer said (contact reason, decline cause, exit reason, key buying factor) during the call
    /// or at wrap-up. The profile is re-evaluated at once and the call's offers are pushed again (OffersUpdated).
    /// </summary>
    public Task<ProfileSummaryView> CaptureReason(string requestId, CaptureReasonRequest request) =>
        requests.RunAsync(Agent, requestId, async () =>
        {
            var result = await reasons.CaptureAsync(Agent, request, Context.ConnectionAborted);
            return result.Summary ?? throw new DeskRefusedException(result.Code ?? "reason.refused", result.Problem!);
        });

    /// <summary>
    /// Opens a complaint owned by this agent, taken on (and linked to) their current call. When the customer already
    /// has an open complaint of the category it is refused naming that complaint, unless attachToExisting, which
    /// attaches this call to it and returns it.
    /// </summary>
    public Task<ComplaintView> CreateComplaint(string requestId, CallComplaintRequest request) =>
        requests.RunAsync(Agent, requestId, async () =>
        {
            var (fields, error) = ComplaintFields.Parse(request.Category, request.Severity, request.SlaKind, request.FaultKind);
            var state = await desk.StateOfAsync(Agent, Context.ConnectionAborted);
            var customerId = request.CustomerId ?? state.Pop?.Customer?.CustomerId
                ?? throw new DeskRefusedException("complaint.noCustomer", "No customer: give customerId, or open the complaint during a call with a known caller.");
            var result = await complaints.CreateAsync(
                customerId, fields ?? throw new DeskRefusedException("complaint.invalidFields", error!), request.Summary, Agent, state.CallId, request.AttachToExisting,
                Context.ConnectionAborted);
            var view = result.Complaint ?? throw new DeskRefusedException(result.Code ?? "complaint.refused", result.Problem!);
            await desk.LinkComplaintAsync(Agent, view.Id, Context.ConnectionAborted);
            return view;
        });

    /// <summary>
    /// Fires a workflow trigger on a complaint this agent owns (a supervisor may on any): the same rule as REST.
    /// <paramref name="expectedVersion"/> guards against lost updates; ResolveOnCall counts as FCR only on the creating call.
    /// </summary>
    public Task<ComplaintView> FireComplaintTrigger(string requestId, Guid complaintId, string trigger, string? reason, long? expectedVersion) =>
        requests.RunAsync(Agent, requestId, async () =>
        {
            var request = new FireTriggerRequest(trigger, reason, expectedVersion, null, (await desk.StateOfAsync(Agent, Context.ConnectionAborted)).CallId);
            var result = await complaints.FireAsync(complaintId, request, Agent, RouteAccess.SeesEverything(Context.User!), Context.ConnectionAborted);
            var view = result.Complaint ?? throw new DeskRefusedException(result.Code ?? "complaint.refused", result.Problem!);
            await desk.LinkComplaintAsync(Agent, view.Id, Context.ConnectionAborted);
            board.Changed();
            return view;
        });
}
