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

    internal void OnTerminated(Action<SipTransaction> callback) => _onTerminated = callback;

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
