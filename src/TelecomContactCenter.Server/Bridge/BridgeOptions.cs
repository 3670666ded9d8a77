namespace TelecomContactCenter.Server.Bridge;

/// <summary>Section <c>Bridge</c>: how the service rings agents' phones.</summary>
internal sealed class BridgeOptions
{
    public const string Section = "Bridge";

    /// <summary>
    /// How long ringing waits for the phone's first answer (180, or a refusal such as 486) before telling the ACD
    /// the phone is ringing anyway; a refusal within it re-offers at once instead of after the ring timeout.
    /// </summary>
    public TimeSpan AlertWait { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>The user part of the To URI in INVITEs to agents' phones is the agent; this is the host part.</summary>
    public string Domain { get; set; } = "contactcentre.invalid";

    public IEnumerable<string> Validate()
    {
        if (AlertWait <= TimeSpan.Zero || AlertWait > TimeSpan.FromSeconds(30))
        {
            yield return $"{Section}:{nameof(AlertWait)} must be between 0 and 30 seconds.";
        }

        if (string.IsNullOrWhiteSpace(Domain))
        {
            yield return $"{Section}:{nameof(Domain)} must name a host.";
        }
    }
}
