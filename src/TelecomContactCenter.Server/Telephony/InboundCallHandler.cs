using System.Globalization;
using Microsoft.Extensions.Options;
using TelecomContactCenter.Server.Routing;
using TelecomContactCenter.Sip.Identity;
using TelecomContactCenter.Sip.Messages;
using TelecomContactCenter.Sip.Protection;
using TelecomContactCenter.Sip.UserAgent;

namespace TelecomContactCenter.Server.Telephony;

/// <summary>An admitted call on an access number, with the caller already identified.</summary>
internal sealed record TelephonyCall(InboundCall Inbound, CallerIdentity Identity, string AccessNumber, AccessMode Mode)
{
    public SipCall Call => Inbound.Call;
}

/// <summary>What happened to a call, for its interaction record.</summary>
internal sealed record InboundCallOutcome(int StatusCode, string Disposition, string Reason, CallRoutingDecision? Decision = null,
    int? DecisionMicroseconds = null);

/// <summary>
/// Serves calls on IVR access numbers: answers (or refuses) the call through <see cref="TelephonyCall.Call"/> and
/// returns when the call is over, with what to record. The IVR orchestration implements this.
/// </summary>
internal interface IInboundCallHandler
{
    ValueTask<InboundCallOutcome> HandleAsync(TelephonyCall call, CancellationToken cancellationToken);
}

/// <summary>
/// Until the IVR is in place: 480 Temporarily Unavailable with Retry-After (RFC 3261 §21.4.18), so a trunk tries
/// again later or fails over instead of treating the number as unknown. Stateless.
/// </summary>
internal sealed class UnavailableInboundCallHandler(IOptions<TelephonyOptions> options) : IInboundCallHandler
{
    private readonly string _retryAfter = options.Value.UnavailableRetryAfterSeconds.ToString(CultureInfo.InvariantCulture);

    public ValueTask<InboundCallOutcome> HandleAsync(TelephonyCall call, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(call);
        call.Call.Reject(SipStatusCodes.TemporarilyUnavailable, headers: [new SipHeader(ProtectionResponses.RetryAfterHeader, _retryAfter)]);
        return ValueTask.FromResult(new InboundCallOutcome(
            SipStatusCodes.TemporarilyUnavailable, "unavailable", "IVR not available on this node: 480 with Retry-After"));
    }
}
