using System.Collections.Frozen;
using System.Net;
using Microsoft.Extensions.Options;
using TelecomContactCenter.Core.Routing;
using TelecomContactCenter.Server.Calls;
using TelecomContactCenter.Sip.Identity;
using TelecomContactCenter.Sip.Messages;
using TelecomContactCenter.Sip.Protection;
using TelecomContactCenter.Sip.Registrar;
using TelecomContactCenter.Sip.UserAgent;

namespace TelecomContactCenter.Server.Telephony;

/// <summary>
/// The host's side of the SIP stack. The guard has already screened every new request before its transaction
/// existed (bans, scanners, rate limit, capacity, trunk allowlist or live registration: refusals cost one stateless
/// response or none and are never recorded); here an INVITE or REGISTER claims an overload slot, REGISTER goes to
/// the registrar, and an INVITE gets its caller identified and is served by its access number's mode: IVR
/// (<see cref="IInboundCallHandler"/>) or routing-only (302). Unknown numbers get 404. Every call that reaches a
/// decision is recorded. Stateless apart from immutable tables, so
/// thread-safe; the stack starts a new call's handling on its receiving thread.
/// </summary>
internal sealed class TelephonyRequestHandler(
    SipRequestGuard guard,
    RefusalCounters refusals,
    CallerIdentityResolver identities,
    SipRegistrar registrar,
    IInboundCallHandler ivr,
    CallBook calls,
    CallRedirector redirector,
    Interactions.InteractionWriter recorder,
    IOptions<TelephonyOptions> options,
    TimeProvider time,
    ILogger<TelephonyRequestHandler> logger) : ISipRequestHandler
{
    private readonly FrozenDictionary<string, AccessMode> _accessNumbers = options.Value.AccessNumbers.ToFrozenDictionary(
        pair => pair.Key,
        pair => AccessNumberOptions.TryParseMode(pair.Value.Mode, out var mode) ? mode : AccessMode.Ivr,
        StringComparer.Ordinal);

    public async ValueTask OnInboundCallAsync(InboundCall inboundCall, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(inboundCall);
        var started = time.GetUtcNow();
        var invite = inboundCall.Invite;
        var check = guard.Claim(invite);
        var holdsSlot = check.HoldsSlot;
        try
        {
            if (check.Verdict != GuardVerdict.Admit)
            {
                Refuse(inboundCall, check);
                return;
            }

            var identity = identities.Resolve(invite, inboundCall.Source.Address);
            var accessNumber = AccessNumberOf(invite.RequestUri);
            if (accessNumber is null || !_accessNumbers.TryGetValue(accessNumber, out var mode))
            {
                var unknown = Unrouted(inboundCall, identity, accessNumber ?? invite.RequestUri.ToString(), started);
                inboundCall.Call.Reject(SipStatusCodes.NotFound);
                unknown.Fire(CallTrigger.Refuse);
                TelephonyLog.UnknownNumber(logger, inboundCall.Call.CallId, accessNumber ?? "-", PhoneNumberMask.Mask(identity.E164));
                Record(unknown, "none", new InboundCallOutcome(SipStatusCodes.NotFound, "unknown-number", "No such access number"));
                return;
            }

            if (mode == AccessMode.RoutingOnly)
            {
                // One indexed read of the profile snapshot: answered on the SIP receiving thread. The owner ends at
                // its first transition (Redirected), so it never enters the book.
                var redirected = Unrouted(inboundCall, identity, accessNumber, started);
                Served(redirected, mode, await redirector.RedirectAsync(redirected, cancellationToken));
                return;
            }

            // The overload gate counts INVITEs being decided, not calls in progress: an admitted IVR call lasts
            // minutes and is bounded by media ports, so its slot goes back now. Then off the receiving thread,
            // since an IVR call sets up media and reads the database.
            if (holdsSlot)
            {
                guard.Release();
                holdsSlot = false;
            }

            await Task.Yield();

            // The owner leaves the book itself when the call reaches an end (see Call.TryFire). Telephony's record is
            // the last of the call's end work, written once the IVR (or, for a queued call, the caller's leg) has
            // ended it, with the outcome the IVR set.
            var call = calls.Admit(inboundCall.Call, identity, accessNumber, started);
            call.OnEnd(() =>
            {
                Served(call, mode, call.Outcome ?? new InboundCallOutcome(SipStatusCodes.ServerInternalError, "ivr", "the IVR failed before it set an outcome"));
                return Task.CompletedTask;
            });
            await ivr.HandleAsync(call, cancellationToken);
        }
        finally
        {
            if (holdsSlot)
            {
                guard.Release();
            }
        }
    }

    public async ValueTask<bool> OnRequestAsync(InboundRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Request.Method != SipMethod.Register)
        {
            return false;
        }

        // Password guessing comes as REGISTER floods: the per-source limit and overload gate apply here too.
        var check = guard.Claim(request.Request);
        try
        {
            if (check.Verdict != GuardVerdict.Admit)
            {
                request.Transaction.Respond(check.Response ?? ProtectionResponses.ServiceUnavailable(request.Request, 5));
                refusals.Add(RefusalReason.Overloaded, request.Source.Address);
                return true;
            }

            return await registrar.TryHandleAsync(request, cancellationToken);
        }
        finally
        {
            if (check.HoldsSlot)
            {
                guard.Release();
            }
        }
    }

    private void Refuse(InboundCall inboundCall, GuardDecision check)
    {
        // Only the overload slot can be refused here (the screen let the INVITE in a moment ago): 503, counted by
        // the gate and not recorded, so a burst costs no rows.
        var status = check.Response?.StatusCode ?? SipStatusCodes.ServiceUnavailable;
        var retryAfter = check.Response?.Headers.Get(ProtectionResponses.RetryAfterHeader) ?? "5";
        inboundCall.Call.Reject(status, headers: [new SipHeader(ProtectionResponses.RetryAfterHeader, retryAfter)]);
        refusals.Add(RefusalReason.Overloaded, inboundCall.Source.Address);
    }

    /// <summary>The owner of a call that is answered from memory (302) or refused (404): never in the book.</summary>
    private static Call Unrouted(InboundCall inboundCall, CallerIdentity identity, string accessNumber, DateTimeOffset started) =>
        new(new CallId(inboundCall.Call.CallId), inboundCall.Call, identity, accessNumber) { StartedAt = started };

    private void Served(Call call, AccessMode mode, InboundCallOutcome outcome)
    {
        var identity = call.Identity;
        TelephonyLog.CallServed(logger, call.Id.Value, call.AccessNumber ?? "-", PhoneNumberMask.Mask(identity.E164),
            identity.Confidence, outcome.StatusCode, outcome.Decision?.TargetQueue ?? "-");
        Record(call, ModeName(mode), outcome);
    }

    /// <summary>Telephony's milestone of the call, written from its owner.</summary>
    private void Record(Call call, string mode, InboundCallOutcome outcome)
    {
        if (!recorder.TryRecord(CallRecords.Create(call, mode, outcome, time.GetUtcNow())))
        {
            TelephonyLog.RecordDropped(logger, call.Id.Value);
        }
    }

    private static string? AccessNumberOf(AddressUri uri) => uri switch
    {
        SipUri sip => sip.User,
        TelUri tel => tel.Number,
        _ => null,
    };

    private static string ModeName(AccessMode mode) => mode == AccessMode.RoutingOnly ? "routing-only" : "ivr";
}
