using TelecomContactCenter.Server.Calls;
using TelecomContactCenter.Server.Interactions;
using TelecomContactCenter.Sip.Identity;

namespace TelecomContactCenter.Server.Telephony;

/// <summary>Builds telephony's milestone of one SIP call for the interaction writer, from the call's owner.</summary>
internal static class CallRecords
{
    /// <summary>
    /// The row of <paramref name="call"/> as served in <paramref name="mode"/> with <paramref name="outcome"/>. The
    /// identity chain is stored as resolved; numbers only when the caller did not withhold them.
    /// </summary>
    public static SipOutcome Create(Call call, string mode, InboundCallOutcome outcome, DateTimeOffset now)
    {
        var identity = call.Identity;
        return new SipOutcome(
            Truncate(call.Id.Value, 128)!,
            DisplayNumber(identity),
            CallChannels.Voice,
            call.StartedAt,
            now,
            outcome.Decision?.CustomerId,
            outcome.Disposition,
            Truncate(call.AccessNumber ?? "", 32)!,
            mode,
            Truncate(identity.Raw, 64),
            identity.E164,
            identity.Confidence.ToString(),
            identity.Source.ToString(),
            outcome.StatusCode,
            outcome.Decision?.TargetQueue,
            outcome.Decision?.TargetAgent,
            outcome.Decision?.Tier,
            outcome.Decision?.LifecycleStage,
            outcome.Decision?.Priority,
            Truncate(outcome.Reason, 400)!,
            outcome.DecisionMicroseconds);
    }

    private static string DisplayNumber(CallerIdentity identity) =>
        identity.E164 ?? identity.Raw ?? (identity.Confidence == IdentityConfidence.Withheld ? "withheld" : "unknown");

    private static string? Truncate(string? text, int length) =>
        text is null || text.Length <= length ? text : text[..length];
}
