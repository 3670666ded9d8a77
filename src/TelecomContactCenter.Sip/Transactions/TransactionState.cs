namespace TelecomContactCenter.Sip.Transactions;

/// <summary>Transaction states of RFC 3261 §17 (Figures 5-8), with Accepted from RFC 6026.</summary>
public enum TransactionState
{
    Calling,
    Trying,
    Proceeding,
    Accepted,
    Completed,
    Confirmed,
    Terminated,
}
