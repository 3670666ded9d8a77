namespace TelecomContactCenter.Sip.Transactions;

/// <summary>The base timer values of RFC 3261 §17.1.1.1 and Table 4; every other timer derives from them.</summary>
public sealed class SipTimerOptions
{
    /// <summary>RTT estimate.</summary>
    public TimeSpan T1 { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Maximum retransmit interval for non-INVITE requests and INVITE responses.</summary>
    public TimeSpan T2 { get; set; } = TimeSpan.FromSeconds(4);

    /// <summary>Maximum time a message remains in the network.</summary>
    public TimeSpan T4 { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Timer B, F, H, J, L, M: 64*T1.</summary>
    public TimeSpan TransactionTimeout => T1 * 64;

    /// <summary>Timer D: at least 32 s on unreliable transports.</summary>
    public TimeSpan TimerD => TimeSpan.FromSeconds(32) > TransactionTimeout ? TimeSpan.FromSeconds(32) : TransactionTimeout;

    public void Validate()
    {
        if (T1 <= TimeSpan.Zero || T2 < T1 || T4 <= TimeSpan.Zero)
        {
            throw new InvalidOperationException("Sip:Timers: T1 must be positive, T2 at least T1, T4 positive.");
        }
    }
}
