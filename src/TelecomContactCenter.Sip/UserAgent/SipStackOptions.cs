using TelecomContactCenter.Sip.Transactions;
using TelecomContactCenter.Sip.Transport;

namespace TelecomContactCenter.Sip.UserAgent;

/// <summary>Configuration section "Sip": transports, timers and the product token.</summary>
public sealed class SipStackOptions
{
    public SipTransportOptions Transport { get; set; } = new();

    public SipTimerOptions Timers { get; set; } = new();

    /// <summary>Sent in User-Agent and Server headers.</summary>
    public string ProductName { get; set; } = "TelecomContactCenter";

    /// <summary>Set by <c>AddSipRegistrar</c>: REGISTER is served, so Allow lists it. Not read from configuration.</summary>
    internal bool AcceptsRegister { get; set; }
}
