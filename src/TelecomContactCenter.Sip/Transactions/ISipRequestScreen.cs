using TelecomContactCenter.Sip.Messages;
using TelecomContactCenter.Sip.Transport;

namespace TelecomContactCenter.Sip.Transactions;

public enum ScreenVerdict
{
    /// <summary>Create the server transaction and hand the request up.</summary>
    Admit,

    /// <summary>Send <see cref="ScreenDecision.Response"/> once, statelessly (RFC 3261 §8.2.6 without §17.2): no
    /// transaction, so no retransmission and nothing kept.</summary>
    Answer,

    /// <summary>Send nothing and keep nothing.</summary>
    Drop,
}

public readonly record struct ScreenDecision(ScreenVerdict Verdict, SipResponse? Response)
{
    public static ScreenDecision Admit { get; } = new(ScreenVerdict.Admit, null);

    public static ScreenDecision Drop { get; } = new(ScreenVerdict.Drop, null);

    public static ScreenDecision Answer(SipResponse response) => new(ScreenVerdict.Answer, response);
}

/// <summary>
/// Consulted for every request that would start a new server transaction (never for retransmissions, ACKs, or
/// requests matching a transaction), before anything is stored for it. Refusing here costs one response or none.
/// Implementations must be thread-safe and must not block: they run on the receiving thread.
/// </summary>
public interface ISipRequestScreen
{
    /// <param name="serverTransactions">
    /// Server transactions kept now, weighted by memory: one for each in progress, a sixteenth for each finished one
    /// absorbing retransmissions (<see cref="SipTransactionLayer.ServerTransactionLoad"/>).
    /// </param>
    ScreenDecision Screen(SipRequest request, SipPeer source, int serverTransactions);

    /// <summary>
    /// Told of a request the transport could not parse and would answer with <paramref name="statusCode"/> (400 for a
    /// malformed one); false drops it unanswered instead. By default every such request is answered.
    /// </summary>
    bool ScreenMalformed(SipPeer source, int statusCode) => true;
}
