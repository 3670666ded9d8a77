using System.Net;
using Microsoft.Extensions.Options;
using TelecomContactCenter.Sip.Messages;

namespace TelecomContactCenter.Sip.Protection;

public enum GuardVerdict
{
    /// <summary>Process the request. When <see cref="GuardDecision.HoldsSlot"/>, call <see cref="SipRequestGuard.Release"/> once its transaction ends.</summary>
    Admit,

    /// <summary>Send <see cref="GuardDecision.Response"/> (403 or 503) and stop.</summary>
    Reject,

    /// <summary>Send nothing: answering a flood from possibly spoofed addresses would make us a reflector.</summary>
    Drop,
}

public readonly record struct GuardDecision(GuardVerdict Verdict, SipResponse? Response, bool HoldsSlot);

/// <summary>
/// The one check the UA core makes for each new request, cheapest first: per-source rate limit (drop), overload
/// (503 with Retry-After), then for an initial INVITE the trunk allowlist or a live registration (403). ACK and
/// CANCEL skip the overload gate: both let existing work finish, which is what an overloaded server wants.
/// Thread-safe: it only delegates to thread-safe parts.
/// </summary>
public sealed class SipRequestGuard(
    SourceRateLimiter rateLimiter,
    OverloadGate overload,
    InviteAdmission admission,
    TrustedTrunkAllowlist trustedTrunks,
    IOptions<SipProtectionOptions> options)
{
    private readonly bool _exemptTrunks = options?.Value.RateLimit.ExemptTrustedTrunks
        ?? throw new ArgumentNullException(nameof(options));

    public GuardDecision Check(SipRequest request, IPAddress source)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(source);
        if (!(_exemptTrunks && trustedTrunks.Contains(source)) && !rateLimiter.TryAcquire(source))
        {
            return new GuardDecision(GuardVerdict.Drop, null, false);
        }

        if (request.Method is SipMethod.Ack or SipMethod.Cancel)
        {
            return new GuardDecision(GuardVerdict.Admit, null, false);
        }

        if (!overload.TryEnter())
        {
            return new GuardDecision(
                GuardVerdict.Reject, ProtectionResponses.ServiceUnavailable(request, overload.RetryAfterSeconds), false);
        }

        if (request.IsInvite && request.To?.Tag is null && !admission.IsAllowed(source))
        {
            overload.Exit();
            return new GuardDecision(GuardVerdict.Reject, ProtectionResponses.Forbidden(request), false);
        }

        return new GuardDecision(GuardVerdict.Admit, null, true);
    }

    /// <summary>Frees the overload slot of an admitted request whose transaction has terminated.</summary>
    public void Release() => overload.Exit();
}
