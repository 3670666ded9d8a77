using TelecomContactCenter.Core.Customers;
using TelecomContactCenter.Core.Ivr;
using TelecomContactCenter.Core.Routing;
using TelecomContactCenter.Media.Calls;
using TelecomContactCenter.Media.Relay;
using TelecomContactCenter.Server.Bridge;
using TelecomContactCenter.Server.Bss;
using TelecomContactCenter.Server.Ivr;
using TelecomContactCenter.Server.Ivr.Callbacks;
using TelecomContactCenter.Sip.Identity;
using TelecomContactCenter.Sip.UserAgent;

namespace TelecomContactCenter.Server.Calls;

/// <summary>
/// The owner of one call, from its INVITE (or its entry into the queue) to its end: the Call-ID, the caller's identity
/// (resolved once, when the INVITE was admitted), the customer profile (looked up once, under one time budget, and
/// shared by the IVR and the screen pop), what the IVR learnt (the caller's profile, the path and digits, the queue
/// request), its legs (the caller's SIP call and media when the call came in over SIP; for a callback the booked
/// request and the customer's leg dialled through the trunk; the agent's leg being rung or talking), the relay between
/// them, and its one phase (<see cref="CallLifecycle"/>). The IVR answers it; from the queue on the ACD alone fires its
/// triggers (enqueue, ring, ring ended, connect, hang-up, caller left, wrap-up done), and the bridge and the callback
/// connector read the phase to decide what the legs do. It stays in the <see cref="CallBook"/> until it reaches an
/// end. Changes happen under <see cref="Gate"/>; the SIP and media work that follows a change runs outside it.
/// <para>
/// What must happen when the call is over (the caller's media released, the IVR's path written, a booked callback
/// saved, telephony's record, the bridge torn down) is registered on it as end work (<see cref="OnEnd"/>) by whoever
/// set it up, and run once by <see cref="EndAsync"/>: by the IVR for a call that ends there, or, for a call the IVR
/// has handed to the queue, by the <see cref="CallBook"/> when the caller's leg ends, and for a call with no caller leg
/// (a callback, the REST enqueue) by the book when it reaches an end; the book awaits it at shutdown. Work that runs
/// for the call on its own (an agent's phone being dialled, hold music, a prompt's end) is handed to it
/// (<see cref="Own"/>) and awaited last by its end.
/// </para>
/// </summary>
/// <remarks>
/// Per-call types that stay beside it because they do another job: Core's <c>QueuedCall</c> is the pure ACD's queue
/// entry (no I/O, tested alone); <c>SipCall</c> is one SIP dialog (a leg), <see cref="Bridge.AgentLeg"/> and
/// <see cref="Bridge.OutboundLeg"/> a placed INVITE; <c>Interaction</c> is the EF entity of the saved row;
/// <see cref="IvrCall"/> is the IVR's runner (one loop over the flow, behaviour only). The ACD's
/// <see cref="Contact.CallRecord"/> (pop, offers, routing steps, wrap-up) holds its call and reads the phase from it.
/// </remarks>
internal sealed class Call
{
    private readonly CallLifecycle _lifecycle = new();
    private readonly Action<Call>? _ended;
    private Task<CustomerLookupResult>? _customer;
    private CancellationTokenSource? _ending;
    private CancellationTokenSource? _queueMedia;
    private List<Func<Task>>? _endWork;
    private List<IvrPathStep>? _ivrNotes;
    private List<Task>? _work;
    private TaskCompletionSource? _end;

    /// <summary>A call admitted over SIP, or (with no <paramref name="caller"/>) queued without a SIP leg.</summary>
    public Call(CallId id, SipCall? caller, CallerIdentity identity, string? accessNumber, Action<Call>? ended = null)
    {
        Id = id;
        CallerLeg = caller;
        Identity = identity;
        AccessNumber = accessNumber;
        _ended = ended;
    }

    public Lock Gate { get; } = new();

    public CallId Id { get; }

    /// <summary>
    /// The caller's leg: the SIP call the IVR answered; null for a call that entered the queue without one (the REST or
    /// demo enqueue, a callback offer), which an agent answers on the desktop.
    /// </summary>
    public SipCall? CallerLeg { get; }

    /// <summary>The caller's leg, for code that only runs on calls that came in over SIP (the IVR, the bridge).</summary>
    public SipCall Caller => CallerLeg ?? throw new InvalidOperationException($"Call {Id.Value} has no SIP leg.");

    public CallerIdentity Identity { get; }

    /// <summary>The number the caller dialled; null for a call queued without a SIP leg.</summary>
    public string? AccessNumber { get; }

    /// <summary>When the INVITE reached a decision's start (or the call was opened), for the call's record.</summary>
    public DateTimeOffset StartedAt { get; init; }

    /// <summary>The phase; read it under <see cref="Gate"/> when deciding on it.</summary>
    public CallState State => _lifecycle.State;

    /// <summary>What the IVR knew about the caller before the greeting; null until the IVR has looked.</summary>
    public IvrCallerProfile? Profile { get; set; }

    /// <summary>The IVR flow serving the call; null until the IVR has chosen it (and for a call queued without the IVR).</summary>
    public IvrFlow? Flow { get; set; }

    /// <summary>The interpreter's session: the states, keys and decisions of the caller's way through the flow.</summary>
    public IvrSession? IvrSession { get; set; }

    /// <summary>The callback the caller asked for in the IVR, and when; booked when the call ends.</summary>
    public RequestCallback? CallbackAsked { get; set; }

    public DateTimeOffset? CallbackAskedAt { get; set; }

    /// <summary>How the call ended, as its IVR path says; null while it is in progress.</summary>
    public string? IvrEnd { get; set; }

    /// <summary>The flow states the caller went through, in order, for the screen pop (set at the hand-over).</summary>
    public IReadOnlyList<string> IvrPath { get; set; } = [];

    public string? IvrDigits { get; set; }

    /// <summary>The queue, priority, skills and preferred agent the flow chose; null until it queued the call.</summary>
    public EnqueueCall? QueueRequest { get; set; }

    public CallMedia? CallerMedia { get; set; }

    public ValueTier? Tier { get; set; }

    /// <summary>Cancelled when the agent answers: the queue music on the caller leg stops.</summary>
    public CancellationTokenSource QueueMedia => LazyInitializer.EnsureInitialized(ref _queueMedia, static () => new CancellationTokenSource());

    public AgentLeg? Agent { get; set; }

    public RtpRelay? Relay { get; set; }

    /// <summary>Set while the agent holds a desktop-answered call: cancelling it stops the hold music.</summary>
    public CancellationTokenSource? HoldMusic { get; set; }

    /// <summary>The booked callback this call returns to the customer; null for a call the customer made.</summary>
    public CallbackRequest? Callback { get; set; }

    /// <summary>A callback's customer leg: dialled through the outbound trunk once the agent's phone answered.</summary>
    public OutboundLeg? CustomerLeg { get; set; }

    /// <summary>A callback's customer leg's place in the dial policy's caps, released when the call ends.</summary>
    public IDisposable? DialLease { get; set; }

    /// <summary>Set once a callback's legs are being torn down: nothing rings or dials for it any more.</summary>
    public bool LegsEnded { get; set; }

    /// <summary>Cancelled when a callback's legs are torn down: an unanswered customer INVITE is cancelled with it.</summary>
    public CancellationTokenSource Ending => LazyInitializer.EnsureInitialized(ref _ending, static () => new CancellationTokenSource());

    /// <summary>Who ended the call, for the log: "caller", "agent" (the phone's BYE) or "desktop" (Hang up on the desktop).</summary>
    public string? EndedBy { get; set; }

    /// <summary>
    /// How the call was served, for telephony's record: set by whoever served it (the IVR) by the time its end work
    /// reaches the record.
    /// </summary>
    public Telephony.InboundCallOutcome? Outcome { get; set; }

    /// <summary>Set when the host is stopping under the call: its end is the shutdown's, not the caller's.</summary>
    public bool EndedByShutdown { get; set; }

    /// <summary>True once the end work has started (<see cref="EndAsync"/>).</summary>
    public bool IsEnding
    {
        get
        {
            lock (Gate)
            {
                return _end is not null;
            }
        }
    }

    /// <summary>The number the customer is looked up by: the caller's E.164 number, unless withheld.</summary>
    public string? CustomerPhone => Identity.IsWithheld ? null : Identity.E164;

    /// <summary>The customer lookup, if it has been started (see <see cref="LookUpCustomer"/>).</summary>
    public Task<CustomerLookupResult>? Customer => Volatile.Read(ref _customer);

    /// <summary>The caller as the IVR path and the interaction record show them: the number, unless withheld.</summary>
    public string CallerDisplay => Identity.IsWithheld ? "withheld" : Identity.E164 ?? Identity.Raw ?? "unknown";

    /// <summary>Adds the host's note (profile, hand-over, callback, booking) to the IVR path, at the state the caller is in.</summary>
    public void NoteIvr(string text)
    {
        lock (Gate)
        {
            (_ivrNotes ??= []).Add(new IvrPathStep("Host", IvrSession?.CurrentState ?? Flow?.Start ?? "", text));
        }
    }

    /// <summary>
    /// The call's IVR path as stored (one shape from admission to the end): the host's first note (the profile), the
    /// interpreter's steps, then the host's later notes; the queue and callback the flow chose; how the call ended.
    /// </summary>
    public IvrPathRecord ToIvrPath()
    {
        lock (Gate)
        {
            var notes = _ivrNotes ?? [];
            return new IvrPathRecord(
                Id.Value,
                AccessNumber ?? "",
                Flow?.Id ?? "",
                Flow?.Version ?? "",
                CallerDisplay,
                IvrSession?.Summary() ?? "",
                IvrSession?.Digits ?? "",
                [.. notes.Take(1), .. (IvrSession?.Path ?? []).Select(e => new IvrPathStep(e.Kind.ToString(), e.State, e.Text)), .. notes.Skip(1)],
                QueueRequest?.Queue,
                QueueRequest?.PriorityBonus,
                QueueRequest?.Reason,
                CallbackAsked?.Queue,
                IvrEnd);
        }
    }

    /// <summary>
    /// Moves the phase on; call under <see cref="Gate"/>. False when the trigger does not apply now. A call that reaches
    /// an end leaves the <see cref="CallBook"/>.
    /// </summary>
    public bool TryFire(CallTrigger trigger)
    {
        if (!_lifecycle.TryFire(trigger))
        {
            return false;
        }

        if (_lifecycle.IsOver)
        {
            _ended?.Invoke(this);
        }

        return true;
    }

    /// <summary>Takes the gate and moves the phase on (see <see cref="TryFire"/>).</summary>
    public bool Fire(CallTrigger trigger)
    {
        lock (Gate)
        {
            return TryFire(trigger);
        }
    }

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

    /// <summary>
    /// Registers work to run once when the call ends. The work runs last registered first, as nested clean-up
    /// unwinds: what was set up last (the bridge) is undone before what it stood on (the caller's media), and the
    /// record of the call is written after both. Throws once the end work has started.
    /// </summary>
    public void OnEnd(Func<Task> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        lock (Gate)
        {
            if (_end is not null)
            {
                throw new InvalidOperationException($"Call {Id.Value} is already ending; its end work has run.");
            }

            (_endWork ??= []).Add(work);
        }
    }

    /// <summary>
    /// Makes <paramref name="work"/> (started for this call: dialling the agent's phone, hold music) the call's own: its
    /// end awaits it after the end work, so nothing started for a call outlives it unwatched; a fault is reported with
    /// the end's. The work must end when the call does (cancelled by the teardown, or ended with the media).
    /// </summary>
    public void Own(Task work)
    {
        ArgumentNullException.ThrowIfNull(work);
        lock (Gate)
        {
            _work ??= [];
            _work.RemoveAll(static w => w.IsCompletedSuccessfully);
            _work.Add(work);
        }
    }

    /// <summary>
    /// Runs the end work once (see <see cref="OnEnd"/>); a later call returns the same task. Every piece runs even when
    /// an earlier one failed; the task then faults with their errors.
    /// </summary>
    public Task EndAsync()
    {
        List<Func<Task>>? work;
        TaskCompletionSource done;
        lock (Gate)
        {
            if (_end is { } started)
            {
                return started.Task;
            }

            _end = done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            (work, _endWork) = (_endWork, null);
        }

        return RunEndWorkAsync(work, done);
    }

    private List<Task>? TakeOwned()
    {
        lock (Gate)
        {
            var owned = _work;
            _work = null;
            return owned is { Count: > 0 } ? owned : null;
        }
    }

    private async Task RunEndWorkAsync(List<Func<Task>>? work, TaskCompletionSource done)
    {
        List<Exception>? errors = null;
        for (var i = (work?.Count ?? 0) - 1; i >= 0; i--)
        {
            try
            {
                await work![i]();
            }
            catch (Exception error)
            {
                // Boundary: one piece failing (a database error writing the path) must not keep the media held.
                (errors ??= []).Add(error);
            }
        }

        // What the call owned ends with it (its legs torn down, its media released); work handed over meanwhile too.
        while (TakeOwned() is { } owned)
        {
            try
            {
                await Task.WhenAll(owned);
            }
            catch (Exception)
            {
                errors ??= [];
                errors.AddRange(owned.Where(w => w.IsFaulted).SelectMany(w => w.Exception!.InnerExceptions));
            }
        }

        if (errors is null)
        {
            done.TrySetResult();
        }
        else
        {
            done.TrySetException(errors);
        }

        await done.Task;
    }
}
