using System.Collections.Concurrent;
using TelecomContactCenter.Core.Routing;
using TelecomContactCenter.Media.Relay;
using TelecomContactCenter.Server.Bridge;
using TelecomContactCenter.Server.Ivr.Callbacks;

namespace TelecomContactCenter.Server.Callbacks;

/// <summary>
/// One claimed callback from its offer to the end of the call: the agent leg being rung or talking, the customer
/// leg through the trunk, and the relay between them. Changes happen under <see cref="Gate"/>; SIP and media work
/// that follows a change runs outside it.
/// </summary>
internal sealed class CallbackCall(CallbackRequest request, CallId id)
{
    public Lock Gate { get; } = new();

    public CallbackRequest Request { get; } = request;

    public CallId Id { get; } = id;

    public AgentId? Agent { get; set; }

    public OutboundLeg? AgentLeg { get; set; }

    public OutboundLeg? CustomerLeg { get; set; }

    public RtpRelay? Relay { get; set; }

    /// <summary>The customer leg's place in the dial policy's caps, released when the call ends.</summary>
    public IDisposable? DialLease { get; set; }

    /// <summary>Cancelled when the call ends: an unanswered customer INVITE is cancelled with it.</summary>
    public CancellationTokenSource Ending { get; } = new();

    public bool Ended { get; set; }
}

/// <summary>
/// The callbacks being offered or dialled, by ACD call id (each leg's own events reach the callback through the
/// leg). Thread-safe: a concurrent map; each callback's own state changes under its gate.
/// </summary>
internal sealed class CallbackCalls
{
    private readonly ConcurrentDictionary<CallId, CallbackCall> _calls = new();
    private long _relayedToAgent;
    private long _relayedToCustomer;

    /// <summary>RTP packets relayed customer → agent over every ended callback.</summary>
    public long RelayedToAgent => Interlocked.Read(ref _relayedToAgent);

    /// <summary>RTP packets relayed agent → customer over every ended callback.</summary>
    public long RelayedToCustomer => Interlocked.Read(ref _relayedToCustomer);

    public void Add(CallbackCall call) => _calls[call.Id] = call;

    public CallbackCall? Find(CallId id) => _calls.GetValueOrDefault(id);

    public void Forget(CallbackCall call, RtpRelay? relay)
    {
        _calls.TryRemove(call.Id, out _);
        if (relay is not null)
        {
            Interlocked.Add(ref _relayedToAgent, relay.ForwardedToAgent);
            Interlocked.Add(ref _relayedToCustomer, relay.ForwardedToCaller);
        }
    }
}
