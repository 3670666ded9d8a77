namespace TelecomContactCenter.Server.Interactions;

/// <summary>
/// The durations a supervisor reads off a call's record, worked out one way for the API and the CSV export: wait is
/// queued → answered, or queued → ended for a call never answered (its time to abandon); ring is the agent's phone
/// ringing until the answer; talk is answered → ended; wrap-up is ended → wrap-up done, for answered calls only. Null
/// where the record does not have both ends (a call still waiting, one that ended in the IVR).
/// </summary>
internal readonly record struct InteractionDurations(double? Wait, double? Ring, double? Talk, double? WrapUp)
{
    public static InteractionDurations Of(Interaction interaction)
    {
        ArgumentNullException.ThrowIfNull(interaction);
        return new InteractionDurations(
            Seconds(interaction.QueuedAt, interaction.AnsweredAt ?? interaction.EndedAt),
            Seconds(interaction.RingStartedAt, interaction.AnsweredAt),
            Seconds(interaction.AnsweredAt, interaction.EndedAt),
            Seconds(interaction.AnsweredAt is null ? null : interaction.EndedAt, interaction.WrapUpCompletedAt));
    }

    private static double? Seconds(DateTimeOffset? from, DateTimeOffset? to) => from is { } f && to is { } t ? (t - f).TotalSeconds : null;
}
