using System.Net;
using System.Text;
using Microsoft.Extensions.Options;
using TelecomContactCenter.Core.Routing;
using TelecomContactCenter.Media.Calls;
using TelecomContactCenter.Media.Codecs;
using TelecomContactCenter.Media.Ports;
using TelecomContactCenter.Media.Prompts;
using TelecomContactCenter.Media.Rtp;
using TelecomContactCenter.Server.Calls;
using TelecomContactCenter.Server.Ivr.Callbacks;
using TelecomContactCenter.Server.Routing;
using TelecomContactCenter.Server.Telephony;
using TelecomContactCenter.Sip.Identity;
using TelecomContactCenter.Sip.Messages;
using TelecomContactCenter.Sip.Protection;
using TelecomContactCenter.Sip.Sdp;
using TelecomContactCenter.Sip.UserAgent;

namespace TelecomContactCenter.Server.Ivr;

/// <summary>
/// Serves calls on IVR access numbers: writes the call's path as admitted (its open row), negotiates SDP (488 without a common codec; after a late offer, our offer
/// in the 200 and the answer from the ACK), opens the call's media, answers and runs the flow. Returns once the IVR is
/// done with the call: it ended in the IVR (the caller's BYE or CANCEL, the stack giving up on an unacknowledged 200,
/// the flow hanging up) or was handed to the queue. What follows the call's end (the media released, a requested
/// callback booked, the path written with how the call ended, the outcome set on the call for telephony's record) is
/// registered as the call's end work (<see cref="Call.OnEnd"/>), which for a handed-over call runs when the caller's
/// leg ends. Thread-safe: each call is served by its own task; only the count of calls in the IVR is shared.
/// </summary>
internal sealed partial class IvrCallRuntime(
    IvrFlowCatalog catalog,
    CallMediaFactory mediaFactory,
    PromptLibrary prompts,
    IvrCallerProfiles profiles,
    CallerCustomers customers,
    ICallQueueHandoff queue,
    IOptions<IvrOptions> options,
    IOptions<TelephonyOptions> telephony,
    IOptions<RoutingOptions> routing,
    Interactions.InteractionWriter paths,
    CallbackBook callbacks,
    IOptions<SrtpOptions> srtp,
    TimeProvider time,
    ILogger<IvrCallRuntime> logger)
{
    private int _activeCalls;
    private readonly SdpAnswerer _answerer = new();
    private readonly SdpOfferer _offerer = new();
    private readonly PriorityPolicy _priorities = new(routing.Value);
    private readonly string _retryAfter = telephony.Value.UnavailableRetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
    private readonly IPAddress _mediaAddress = IPAddress.Parse(options.Value.MediaAddress);

    public int ActiveCalls => Volatile.Read(ref _activeCalls);

    /// <summary>
    /// Serves the call; true when it was handed to the queue (its end work then waits for the caller's leg to end),
    /// false when the IVR is done with it and the caller is to end it now. The outcome is on the call
    /// (<see cref="Call.Outcome"/>) by the time its end work has run.
    /// </summary>
    public async Task<bool> HandleAsync(Call owner, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(owner);
        var sip = owner.Caller;
        var accessNumber = owner.AccessNumber ?? throw new InvalidOperationException($"IVR call {sip.CallId} has no access number.");
        using var scope = logger.BeginScope(new Dictionary<string, object> { ["CallId"] = sip.CallId });
        var startedAt = time.GetUtcNow();

        // The call's row from its admission on (an open path, no end), so a call still in the IVR when this node dies
        // has a row for the restart's sweep to close. Waits for room in the writer's channel, not for the database.
        await paths.QueueAsync(owner.ToIvrPath(), cancellationToken);
        if (catalog.FindByAccessNumber(accessNumber) is not { } flow)
        {
            // Configured as an IVR number but no flow claims it (yet): a trunk should retry later, as before the IVR existed.
            sip.Reject(SipStatusCodes.TemporarilyUnavailable, headers: [new SipHeader(ProtectionResponses.RetryAfterHeader, _retryAfter)]);
            owner.Outcome = new InboundCallOutcome(SipStatusCodes.TemporarilyUnavailable, "unavailable", $"No IVR flow for access number {accessNumber}: 480");
            return false;
        }

        SessionDescription? offer = null;
        if (!sip.HasLateOffer && !SdpParser.TryParse(Encoding.UTF8.GetString(sip.Invite.Body.Span), out offer, out var sdpError))
        {
            sip.Reject(SipStatusCodes.NotAcceptableHere);
            owner.Outcome = new InboundCallOutcome(SipStatusCodes.NotAcceptableHere, "no-media", $"Unreadable SDP offer: {sdpError}");
            return false;
        }

        if (!mediaFactory.TryOpen(out var media, RtpPortUse.Answered))
        {
            sip.Reject(SipStatusCodes.ServiceUnavailable);
            owner.Outcome = new InboundCallOutcome(SipStatusCodes.ServiceUnavailable, "no-media-ports",
                "no RTP port pair free for an answered call (the range, or answered calls' share of it, is in use)");
            return false;
        }

        var sessionId = (ulong)startedAt.ToUnixTimeSeconds();
        var local = srtp.Value.Local(_mediaAddress, media, sessionId, 1, sip.Peer.Transport);
        if (offer is null && !SdpOfferer.CanOffer(local))
        {
            const string refused = "late offer on a leg without TLS while SRTP is required (Media:Srtp): no keys may be offered";
            sip.Reject(SipStatusCodes.NotAcceptableHere);
            LogNotAcceptable(logger, refused);
            await media.DisposeAsync();
            owner.Outcome = new InboundCallOutcome(SipStatusCodes.NotAcceptableHere, "no-srtp", refused);
            return false;
        }

        if (offer is null)
        {
            // Late offer (RFC 3261 §13.2.1): our offer goes in the 200; media waits for the answer in the ACK.
            return await RunAnsweredAsync(owner, accessNumber, flow, media, _offerer.CreateOffer(local), cancellationToken);
        }

        var negotiation = _answerer.Answer(offer, local);
        if (negotiation is not SdpAccepted { Audio: var audio, Answer: var answer })
        {
            var reason = ((SdpNotAcceptable)negotiation).Reason;
            sip.Reject(SipStatusCodes.NotAcceptableHere);
            LogNotAcceptable(logger, reason);
            await media.DisposeAsync();
            owner.Outcome = new InboundCallOutcome(SipStatusCodes.NotAcceptableHere, "no-common-codec", reason);
            return false;
        }

        Connect(media, audio);
        return await RunAnsweredAsync(owner, accessNumber, flow, media, answer, cancellationToken);
    }

    private async Task<bool> RunAnsweredAsync(Call owner, string accessNumber, Core.Ivr.IvrFlow flow, CallMedia media, SessionDescription local,
        CancellationToken cancellationToken)
    {
        var (sip, identity) = (owner.Caller, owner.Identity);
        IvrCallerProfile? profile = null;

        // The call's end work, run last registered first: the media released (so a recorded call never still holds
        // ports), then the callback booked and the path written with how the call ended, and the outcome set.
        owner.OnEnd(() => profile is null ? Task.CompletedTask : EndAsync(owner, flow, profile));
        owner.OnEnd(() => media.DisposeAsync().AsTask());

        profile = await profiles.LookUpAsync(identity, owner.LookUpCustomer(customers), cancellationToken);
        lock (owner.Gate)
        {
            owner.Flow = flow;
        }

        owner.NoteIvr(profile.Note);
        var call = new IvrCall(owner, media, profile, prompts, queue, time);
        Interlocked.Increment(ref _activeCalls);
        try
        {
            if (!sip.Answer(Encoding.ASCII.GetBytes(local.ToString())))
            {
                owner.IvrEnd = "caller cancelled before the answer";
                owner.Outcome = new InboundCallOutcome(SipStatusCodes.RequestTerminated, "cancelled", owner.IvrEnd);
                return false;
            }

            lock (owner.Gate)
            {
                owner.TryFire(CallTrigger.Answer);
            }

            if (sip.HasLateOffer && await TakeLateAnswerAsync(owner, media, local, cancellationToken) is { } refused)
            {
                owner.Outcome = refused;
                return false;
            }

            LogAnswered(logger, flow.Id, PhoneNumberMask.Mask(identity.E164), media.LocalRtpPort);
            await call.RunAsync(flow, cancellationToken);
            if (owner.QueueRequest is null || owner.IvrEnd is not null)
            {
                return false;
            }

            // Handed over: the row shows the way the caller came while they wait.
            await paths.QueueAsync(owner.ToIvrPath(), CancellationToken.None);
            return true;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            owner.IvrEnd = "host shutting down";
            await sip.HangUpAsync(CancellationToken.None);
            throw;
        }
        finally
        {
            Interlocked.Decrement(ref _activeCalls);
        }
    }

    /// <summary>
    /// The IVR's part of the call's end: books a callback the caller asked for, writes the path with how the call ended
    /// and sets the outcome telephony records. Runs after the media has been released.
    /// </summary>
    private async Task EndAsync(Call owner, Core.Ivr.IvrFlow flow, IvrCallerProfile profile)
    {
        owner.IvrEnd ??= owner.EndedByShutdown ? "host shutting down"
            : owner.Caller.Ended.IsCompletedSuccessfully ? IvrCall.Describe(await owner.Caller.Ended) : "ended";
        await BookCallbackAsync(owner, profile, flow);
        var path = owner.ToIvrPath();
        await paths.QueueAsync(path, CancellationToken.None);
        owner.Outcome ??= new InboundCallOutcome(SipStatusCodes.Ok, owner.QueueRequest is null ? "ivr" : "queued",
            $"{path.Summary}; {owner.IvrEnd}", Decision(owner, profile));
    }

    /// <summary>
    /// After a late offer: waits for the ACK and connects the media to the answer in it, so the first prompt goes
    /// out with the payload type and to the address the caller chose. An ACK without a usable answer (none,
    /// unreadable, no codec from our offer) leaves the call without media: it is ended with BYE, since the answer
    /// must be acceptable (RFC 3261 §13.2.2.4, RFC 3264 §5), and the outcome is returned. Null when media runs.
    /// </summary>
    private async Task<InboundCallOutcome?> TakeLateAnswerAsync(Call owner, CallMedia media, SessionDescription offer, CancellationToken cancellationToken)
    {
        var sip = owner.Caller;
        if (await sip.WaitForAckAsync(cancellationToken) is not { } ack)
        {
            owner.IvrEnd = "late offer: the call ended before an ACK brought the SDP answer";
            LogLateAnswerMissing(logger);
            return new InboundCallOutcome(SipStatusCodes.Ok, "no-media", owner.IvrEnd);
        }

        string disposition, reason;
        if (ack.Body.IsEmpty)
        {
            (disposition, reason) = ("no-media", "the ACK carried no SDP answer to our offer");
        }
        else if (!SdpParser.TryParse(Encoding.UTF8.GetString(ack.Body.Span), out var answer, out var error))
        {
            (disposition, reason) = ("no-media", $"unreadable SDP answer in the ACK: {error}");
        }
        else
        {
            var negotiation = _offerer.ProcessAnswer(offer, answer);
            if (negotiation is SdpAccepted { Audio: var audio })
            {
                Connect(media, audio);
                return null;
            }

            (disposition, reason) = ("no-common-codec", $"SDP answer in the ACK not acceptable: {((SdpNotAcceptable)negotiation).Reason}");
        }

        LogLateAnswerRefused(logger, reason);
        owner.IvrEnd = $"late offer: {reason}; ended with BYE";
        await sip.HangUpAsync(CancellationToken.None);
        return new InboundCallOutcome(SipStatusCodes.Ok, disposition, owner.IvrEnd);
    }

    private static void Connect(CallMedia media, NegotiatedAudio audio)
    {
        SrtpOptions.Apply(media, audio.Srtp);
        media.Connect(audio.RemoteRtp, new AudioFormat(audio.Codec == AudioCodec.Pcmu ? G711Law.MuLaw : G711Law.ALaw,
            audio.PayloadType, audio.TelephoneEventPayloadType), audio.RemoteRtcp);
    }

    private CallRoutingDecision Decision(Call owner, IvrCallerProfile profile)
    {
        var identity = owner.Identity;
        var context = profile.Context;
        var queued = owner.QueueRequest;
        var priority = _priorities.Weight(context.Tier) + (queued?.PriorityBonus ?? 0);
        return new CallRoutingDecision(identity.Raw ?? "", identity.E164, profile.CustomerId, context.Tier?.ToString() ?? "Unknown",
            context.Stage?.ToString() ?? "Unknown", queued?.Queue ?? "none", queued?.PreferredAgent, priority,
            queued?.Reason ?? owner.IvrEnd ?? "IVR", ProfileAvailable: !profile.Note.StartsWith("profile unavailable", StringComparison.Ordinal));
    }

    /// <summary>
    /// Persists the callback the caller asked for, after the call so a caller who hangs up during the confirmation
    /// is still called back. A withheld or unparsed number cannot be called back, so nothing is booked then.
    /// </summary>
    private async Task BookCallbackAsync(Call owner, IvrCallerProfile profile, Core.Ivr.IvrFlow flow)
    {
        var identity = owner.Identity;
        if (owner is not { CallbackAsked: { } asked, CallbackAskedAt: { } at })
        {
            return;
        }

        if (identity.IsWithheld || identity.E164 is not { } number)
        {
            owner.NoteIvr("callback not booked: the caller's number is withheld or not a valid E.164 number");
            return;
        }

        try
        {
            var booked = await callbacks.BookAsync(new CallbackRequest
            {
                CallId = owner.Id.Value,
                CallerNumber = number,
                CustomerId = profile.CustomerId,
                Tier = profile.Context.Tier?.ToString() ?? "Unknown",
                Priority = _priorities.Weight(profile.Context.Tier),
                Queue = asked.Queue,
                Flow = flow.Id,
                RequestedAt = at,
                DueAt = CallbackDue.For(flow, at),
                Status = CallbackStatus.Pending,
            }, CancellationToken.None);
            owner.NoteIvr($"callback {booked.Id} booked in queue {booked.Queue}, due {booked.DueAt:u}");
        }
        catch (Exception ex)
        {
            // Boundary: the call is over either way; a lost booking is logged and shown on the path.
            LogCallbackFailed(logger, ex);
            owner.NoteIvr("callback could not be booked (database error)");
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Booking an IVR callback failed")]
    private static partial void LogCallbackFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "IVR answered with flow {Flow} for {Caller}, RTP port {Port}")]
    private static partial void LogAnswered(ILogger logger, string flow, string caller, int port);

    [LoggerMessage(Level = LogLevel.Information, Message = "IVR call refused with 488: {Reason}")]
    private static partial void LogNotAcceptable(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "IVR call after a late offer ended with BYE: {Reason}")]
    private static partial void LogLateAnswerRefused(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "IVR call after a late offer ended before an ACK brought the answer")]
    private static partial void LogLateAnswerMissing(ILogger logger);
}
