using TelecomContactCenter.Core.Customers;
using TelecomContactCenter.Core.Ivr;
using TelecomContactCenter.Core.Routing;
using TelecomContactCenter.Media.Calls;
using TelecomContactCenter.Media.Relay;
using TelecomContactCenter.Server.Bridge;
using TelecomContactCenter.Server.Bss;
using TelecomContactCenter.Server.Ivr;
using TelecomContactCenter.Sip.Identity;
using TelecomContactCenter.Sip.UserAgent;

namespace TelecomContactCenter.Server.Calls;

/// <summary>
/// The owner of one admitted call, from its INVITE to its end: the Call-ID, the caller's identity (resolved once, when
/// the INVITE was admitted), the customer profile (looked up once, under one time budget, and shared by the IVR and
/// the screen pop), what the IVR learnt (the caller's profile, the path and digits, the queue request), its legs (the caller's SIP call and media, the agent's leg being rung or
/// talking), the relay between them, and its one phase (<see cref="CallLifecycle"/>). Changes happen under
/// <see cref="Gate"/>; the SIP and media work that follows a change runs outside it.
/// </summary>
internal sealed class Call(SipCall caller, CallerIdentity identity, string accessNumber)
{
    private readonly CallLifecycle _lifecycle = new();
    private Task<CustomerLookupResult>? _customer;

    public Lock Gate { get; } = new();

    public CallId Id { get; } = new(caller.CallId);

    /// <summary>The caller's leg: the SIP call the IVR answered.</summary>
    public SipCall Caller { get; } = caller;

    public CallerIdentity Identity { get; } = identity;

    public string AccessNumber { get; } = accessNumber;

    /// <summary>The phase; read it under <see cref="Gate"/> when deciding on it.</summary>
    public CallState State => _lifecycle.State;

    /// <summary>What the IVR knew about the caller before the greeting; null until the IVR has looked.</summary>
    public IvrCallerProfile? Profile { get; set; }

    /// <summary>The flow states the caller went through, in order, for the screen pop and the interaction record.</summary>
    public IReadOnlyList<string> IvrPath { get; set; } = [];

    public string? IvrDigits { get; set; }

    /// <summary>The queue, priority, skills and preferred agent the flow chose; null until it queued the call.</summary>
    public EnqueueCall? QueueRequest { get; set; }

    public CallMedia? CallerMedia { get; set; }

    public ValueTier? Tier { get; set; }

    /// <summary>Cancelled when the agent answers: the queue music on the caller leg stops.</summary>
    public CancellationTokenSource QueueMedia { get; } = new();

    public AgentLeg? Agent { get; set; }

    public RtpRelay? Relay { get; set; }

    /// <summary>Set while the agent holds a desktop-answered call: cancelling it stops the hold music.</summary>
    public CancellationTokenSource? HoldMusic { get; set; }

    /// <summary>Who ended the call, for the log: "caller", "agent" (the phone's BYE) or "desktop" (Hang up on the desktop).</summary>
    public string? EndedBy { get; set; }

    /// <summary>The number the customer is looked up by: the caller's E.164 number, unless withheld.</summary>
    public string? CustomerPhone => Identity.IsWithheld ? null : Identity.E164;

    /// <summary>The customer lookup, if it has been started (see <see cref="LookUpCustomer"/>).</summary>
    public Task<CustomerLookupResult>? Customer => Volatile.Read(ref _customer);

    /// <summary>Moves the phase on; call under <see cref="Gate"/>. False when the trigger does not apply now.</summary>
    public bool TryFire(CallTrigger trigger) => _lifecycle.TryFire(trigger);

    /// <summary>
    /// The customer profile for <see cref="CustomerPhone"/>, looked up on the first request and shared by every later
    /// one (the IVR's greeting and the agent's pop); null when the caller cannot be looked up (withheld, no number).
    /// </summary>
    public Task<CustomerLookupResult>? LookUpCustomer(CallerCustomers customers)
    {
        ArgumentNullException.ThrowIfNull(customers);
        if (CustomerPhone is not { } phone)
        {
            return null;
        }

        lock (Gate)
        {
            return _customer ??= customers.LookUpAsync(phone);
        }
    }
}
