using TelecomContactCenter.Server.Interactions;

namespace TelecomContactCenter.Server.Telephony;

/// <summary>Builds telephony's milestone of one SIP call for the interaction writer.</summary>
internal static class CallRecords
{
    public static SipOutcome Create(CallFacts facts, DateTimeOffset now)
    {
        var callId = Truncate(facts.CallId, 128)!;
        return new SipOutcome(
            callId,
            facts.Identity.DisplayNumber,
            CallChannels.Voice,
            facts.StartedAt,
            now,
            facts.Decision?.CustomerId,
            facts.Disposition,
            Truncate(facts.AccessNumber, 32)!,
            facts.Mode,
            Truncate(facts.Identity.Raw, 64),
            facts.Identity.E164,
            facts.Identity.Confidence,
            facts.Identity.Source,
            facts.StatusCode,
            facts.Decision?.TargetQueue,
            facts.Decision?.TargetAgent,
            facts.Decision?.Tier,
            facts.Decision?.LifecycleStage,
            facts.Decision?.Priority,
            Truncate(facts.Reason, 400)!,
            facts.DecisionMicroseconds);
    }

    private static string? Truncate(string? text, int length) =>
        text is null || text.Length <= length ? text : text[..length];
}
