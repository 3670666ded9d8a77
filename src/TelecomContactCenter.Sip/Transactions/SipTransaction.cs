using TelecomContactCenter.Sip.Messages;
using TelecomContactCenter.Sip.Transport;

namespace TelecomContactCenter.Sip.Transactions;

/// <summary>
/// What all four transaction kinds share: the request, the peer, the state, the timers and the outbound queue.
/// Thread-safe: every state change happens under <see cref="Gate"/>; callbacks to the transaction user run
/// after the lock is released.
/// </summary>
public abstract class SipTransaction
{
    private readonly List<TransactionTimer> _timers = [];
    private readonly List<Action> _deferred = [];
    private Action<SipTransaction>? _onTerminated;
    private Action<SipTransaction, TimeSpan, SipMessage?>? _onRetired;

    private protected SipTransaction(SipRequest request, SipPeer peer, string key, TransactionContext context)
    {
        Request = request;
        Peer = peer;
        Key = key;
        Context = context;
    }

    public SipRequest Request { get; }

    /// <summary>For a server transaction the request's source; for a client one its destination.</summary>
    public SipPeer Peer { get; private protected set; }

    /// <summary>The §17 matching key (branch, sent-by, method).</summary>
    public string Key { get; }

    public TransactionState State { get; private protected set; }

    public string? CallId => Request.CallId;

    private protected Lock Gate { get; } = new();

    private protected TransactionContext Context { get; }

    private protected bool IsReliable => Peer.IsReliable;

    /// <summary>True when the transaction ended by handing its last state to the layer's compact record.</summary>
    internal bool IsRetired { get; private set; }

    internal void OnTerminated(Action<SipTransaction> callback) => _onTerminated = callback;

    internal void OnRetired(Action<SipTransaction, TimeSpan, SipMessage?> callback) => _onRetired = callback;

    private protected TransactionTimer NewTimer(Action onFire)
    {
        var timer = new TransactionTimer(Context.Time, () =>
        {
            Action? after;
            lock (Gate)
            {
                after = State == TransactionState.Terminated ? null : RunTimer(onFire);
            }

            after?.Invoke();
        });
        _timers.Add(timer);
        return timer;
    }

    /// <summary>Runs <paramref name="onFire"/> under the lock; returns what must happen after it is released.</summary>
    private protected virtual Action? RunTimer(Action onFire)
    {
        onFire();
        return TakeDeferred();
    }

    /// <summary>Enters Terminated, stops every timer and tells the layer to forget the transaction.</summary>
    private protected void Terminate()
    {
        if (State == TransactionState.Terminated)
        {
            return;
        }

        State = TransactionState.Terminated;
        foreach (var timer in _timers)
        {
            timer.Dispose();
        }

        Defer(() => _onTerminated?.Invoke(this));
    }

    /// <summary>
    /// Ends this object in a state whose only remaining duty is to absorb retransmissions for
    /// <paramref name="holdFor"/>, answering each with <paramref name="resend"/> if given (the final response of a
    /// non-INVITE server transaction, the ACK of an INVITE client transaction's non-2xx). The layer keeps a compact
    /// record for that time instead of the request, responses, callbacks and timers, so what thousands of finished
    /// transactions hold is a key each, not their messages.
    /// </summary>
    private protected void Retire(TimeSpan holdFor, SipMessage? resend)
    {
        if (State == TransactionState.Terminated)
        {
            return;
        }

        IsRetired = true;

        // The record must exist before the layer forgets the transaction, or a retransmission in between would
        // be taken for a new request.
        if (_onRetired is { } retired)
        {
            Defer(() => retired(this, holdFor, resend));
        }

        Terminate();
    }

    /// <summary>Queues work (transaction-user callbacks) to run once the lock is released.</summary>
    private protected void Defer(Action action) => _deferred.Add(action);

    private protected Action? TakeDeferred()
    {
        if (_deferred.Count == 0)
        {
            return null;
        }

        var actions = _deferred.ToArray();
        _deferred.Clear();
        return () =>
        {
            foreach (var action in actions)
            {
                action();
            }
        };
    }
}

/// <summary>Shared services every transaction needs.</summary>
internal sealed record TransactionContext(ISipOutbound Outbound, TimeProvider Time, SipTimerOptions Timers);
