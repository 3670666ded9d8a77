using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using TelecomContactCenter.Sip.Messages;
using TelecomContactCenter.Sip.Parsing;
using TelecomContactCenter.Sip.Transport;

namespace TelecomContactCenter.Sip.Transactions;

/// <summary>
/// Matches messages to transactions (RFC 3261 §17.1.3, §17.2.3, CANCEL per §9.2), absorbs retransmissions,
/// answers merged requests with 482 (§8.2.2.2), and creates client transactions. Thread-safe: transactions live
/// in concurrent dictionaries and each guards its own state.
/// </summary>
public sealed partial class SipTransactionLayer
{
    private readonly ConcurrentDictionary<string, ServerTransaction> _servers = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ClientTransaction> _clients = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> _merged = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, InviteServerTransaction> _invitesByCSeq = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, RetiredTransaction> _retired = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, RetiredTransaction> _retiredClients = new(StringComparer.Ordinal);
    private readonly Lock _sweepGate = new();
    private readonly TransactionContext _context;
    private readonly ILogger _logger;
    private readonly ISipRequestScreen? _screen;
    private ISipTransactionUser? _user;
    private ITimer? _sweep;
    private bool _sweeping;
    private int _serverCount;
    private int _retiredServerCount;
    private long _screenedOut;

    public SipTransactionLayer(ISipOutbound outbound, TimeProvider time, SipTimerOptions timers, ILogger<SipTransactionLayer> logger,
        ISipRequestScreen? screen = null)
    {
        ArgumentNullException.ThrowIfNull(timers);
        timers.Validate();
        _context = new TransactionContext(outbound, time, timers);
        _logger = logger;
        _screen = screen;
    }

    public int ServerTransactionCount => Volatile.Read(ref _serverCount);

    /// <summary>Server transactions in progress plus finished ones still absorbing retransmissions.</summary>
    public int KeptServerTransactionCount => Volatile.Read(ref _serverCount) + Volatile.Read(ref _retiredServerCount);

    /// <summary>
    /// How many records of finished transactions (key, expiry, merge key, the final response to resend) cost about the
    /// memory of one transaction in progress with its request, responses and timers (about 0.5 KB against 9 KB).
    /// </summary>
    public const int RetiredPerLiveTransaction = 16;

    /// <summary>
    /// The transaction table's size weighted by memory, which the overload limit bounds: each transaction in progress
    /// counts one, each finished one absorbing retransmissions 1/<see cref="RetiredPerLiveTransaction"/>. Counting the
    /// records one each capped a trunk's sustained redirects at the limit / Timer I (20,000 / 5 s = 4,000 calls/s) with
    /// the memory nearly idle.
    /// </summary>
    public int ServerTransactionLoad =>
        Volatile.Read(ref _serverCount) + ((Volatile.Read(ref _retiredServerCount) + RetiredPerLiveTransaction - 1) / RetiredPerLiveTransaction);

    /// <summary>Requests answered statelessly or dropped by the screen, without a transaction.</summary>
    public long ScreenedOut => Interlocked.Read(ref _screenedOut);

    public int ClientTransactionCount => _clients.Count;

    /// <summary>
    /// Finished transactions still absorbing retransmissions, kept as compact records: server INVITE Accepted after
    /// the ACK and Confirmed, server non-INVITE Completed, client INVITE Accepted and Completed, client non-INVITE
    /// Completed.
    /// </summary>
    public int RetiredTransactionCount => _retired.Count + _retiredClients.Count;

    public SipTimerOptions Timers => _context.Timers;

    public void Attach(ISipTransactionUser user) => _user = user;

    public void Receive(InboundMessage inbound)
    {
        ArgumentNullException.ThrowIfNull(inbound);
        if (inbound.Message is SipResponse response)
        {
            ReceiveResponse(response, inbound.Source);
        }
        else
        {
            ReceiveRequest((SipRequest)inbound.Message, inbound.Source);
        }
    }

    /// <summary>Starts a client transaction. The request's top Via must carry a magic-cookie branch.</summary>
    public ClientTransaction SendRequest(SipRequest request, SipPeer destination, Action<ClientTransaction, SipResponse> onResponse)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Method == SipMethod.Ack)
        {
            throw new ArgumentException("ACK has no client transaction; use SendStateless.", nameof(request));
        }

        var branch = request.TopVia?.Branch ?? throw new ArgumentException("The request needs a Via with a branch.", nameof(request));
        var key = ClientKey(branch, request.Method);
        ClientTransaction transaction = request.Method == SipMethod.Invite
            ? new InviteClientTransaction(request, destination, key, _context, onResponse)
            : new NonInviteClientTransaction(request, destination, key, _context, onResponse);
        transaction.OnRetired(Retire);
        transaction.OnTerminated(t => _clients.TryRemove(t.Key, out _));
        if (!_clients.TryAdd(key, transaction))
        {
            throw new InvalidOperationException("A client transaction with this branch already exists.");
        }

        transaction.Start();
        return transaction;
    }

    /// <summary>Sends a request outside any transaction (the ACK for a 2xx).</summary>
    public void SendStateless(SipRequest request, SipPeer destination) => _context.Outbound.SendRequest(request, destination);

    private void ReceiveResponse(SipResponse response, SipPeer source)
    {
        var via = response.TopVia;
        if (via?.Branch is { } branch && response.CSeq is { } cseq)
        {
            var key = ClientKey(branch, cseq.Method);
            if (_clients.TryGetValue(key, out var transaction))
            {
                transaction.OnResponse(response);
                return;
            }

            if (FindRetired(_retiredClients, key) is { } retired)
            {
                if (response.IsFinal && !response.IsSuccess && Resend(retired) is SipRequest ack)
                {
                    _context.Outbound.SendRequest(ack, retired.Peer);
                }
                else if (response.IsSuccess && cseq.Method == SipMethod.Invite)
                {
                    // Accepted passes 2xx retransmissions up (RFC 6026 §8.4): the user agent ACKs them in the dialog.
                    _user?.OnStrayResponse(response, source);
                }

                return;
            }
        }

        _user?.OnStrayResponse(response, source);
    }

    private void ReceiveRequest(SipRequest request, SipPeer source)
    {
        var key = ServerKey(request);
        if (request.Method == SipMethod.Ack)
        {
            ReceiveAck(request, source, key);
            return;
        }

        if (_servers.TryGetValue(key, out var existing))
        {
            existing.OnRetransmission(request);
            return;
        }

        if (FindRetired(_retired, key) is { } retired)
        {
            if (Resend(retired) is SipResponse response)
            {
                _context.Outbound.SendResponse(response, retired.Peer);
            }

            return;
        }

        if (_screen?.Screen(request, source, ServerTransactionLoad) is { Verdict: not ScreenVerdict.Admit } refusal)
        {
            if (refusal.Response is { } answer)
            {
                _context.Outbound.SendResponse(answer, source);
            }

            Interlocked.Increment(ref _screenedOut);

            return;
        }

        if (IsMerged(request, key))
        {
            LogMerged(_logger, request.CallId);
            var loop = SipResponse.CreateFor(request, SipStatusCodes.LoopDetected, toTag: SipIdentifiers.NewTag());
            _context.Outbound.SendResponse(loop, source);
            return;
        }

        ServerTransaction transaction = request.Method == SipMethod.Invite
            ? new InviteServerTransaction(request, source, key, _context)
            : new NonInviteServerTransaction(request, source, key, _context);
        if (!_servers.TryAdd(key, transaction))
        {
            _servers[key].OnRetransmission(request);
            return;
        }

        Interlocked.Increment(ref _serverCount);

        var cseqKey = request.CallId + "|" + request.CSeq!.Value.Number;
        if (transaction is InviteServerTransaction invite)
        {
            _invitesByCSeq[cseqKey] = invite;
        }
        else if (request.Method == SipMethod.Cancel)
        {
            transaction.CancelledInvite = _servers.GetValueOrDefault(ServerKey(request, SipMethod.Invite)) as InviteServerTransaction;
        }

        transaction.OnRetired(Retire);
        transaction.OnTerminated(t =>
        {
            if (_servers.TryRemove(new KeyValuePair<string, ServerTransaction>(t.Key, transaction)))
            {
                Interlocked.Decrement(ref _serverCount);
            }

            if (!t.IsRetired)
            {
                _merged.TryRemove(new KeyValuePair<string, string>(MergeKey(t.Request), t.Key));
            }

            if (t is InviteServerTransaction ended)
            {
                _invitesByCSeq.TryRemove(new KeyValuePair<string, InviteServerTransaction>(cseqKey, ended));
            }
        });
        _user?.OnRequest(transaction);
        if (transaction is InviteServerTransaction silent)
        {
            // The user either answered on this thread already or is working on it elsewhere: then say so.
            silent.SendTryingIfSilent();
        }
    }

    private void ReceiveAck(SipRequest ack, SipPeer source, string key)
    {
        if (_servers.TryGetValue(key, out var matched) && matched is InviteServerTransaction invite)
        {
            var absorbed = invite.State is TransactionState.Completed or TransactionState.Confirmed;
            invite.OnAck();
            if (absorbed)
            {
                return;
            }
        }
        else if (FindRetired(_retired, key) is not null)
        {
            return;
        }
        else if (_invitesByCSeq.TryGetValue(ack.CallId + "|" + ack.CSeq?.Number, out var accepted))
        {
            accepted.On2xxAcknowledged();
        }

        _user?.OnAck(ack, source);
    }

    private void Retire(SipTransaction transaction, TimeSpan holdFor, SipMessage? resend)
    {
        var request = transaction.Request;
        var until = _context.Time.GetTimestamp() + (long)(holdFor.TotalSeconds * _context.Time.TimestampFrequency);
        if (transaction is ClientTransaction)
        {
            _retiredClients[transaction.Key] = new RetiredTransaction(until, resend?.ToBytes(), transaction.Peer, null);
        }
        else
        {
            var record = new RetiredTransaction(until, resend?.ToBytes(), transaction.Peer, request.To?.Tag is null ? MergeKey(request) : null);
            if (_retired.TryAdd(transaction.Key, record))
            {
                Interlocked.Increment(ref _retiredServerCount);
            }
            else
            {
                _retired[transaction.Key] = record;
            }
        }

        lock (_sweepGate)
        {
            if (!_sweeping)
            {
                _sweeping = true;
                _sweep ??= TransactionTimer.CreateWithoutContext(_context.Time, Sweep);
                _sweep.Change(SweepInterval, SweepInterval);
            }
        }
    }

    /// <summary>
    /// The message a record answers a retransmission with, parsed back from the bytes it keeps: retransmissions are
    /// rare, and a parsed message (headers, values, URIs: dozens of objects) kept for 32 s per BYE or REGISTER was
    /// most of the SIP objects in the server's heap under load.
    /// </summary>
    private static SipMessage? Resend(RetiredTransaction retired) =>
        retired.Resend is { } bytes && SipParser.Parse(bytes) is { IsSuccess: true } parsed ? parsed.Message : null;

    /// <summary>The live record for <paramref name="key"/>, or null (none, or its time is up).</summary>
    private RetiredTransaction? FindRetired(ConcurrentDictionary<string, RetiredTransaction> records, string key)
    {
        if (!records.TryGetValue(key, out var record))
        {
            return null;
        }

        if (record.Until > _context.Time.GetTimestamp())
        {
            return record;
        }

        Forget(records, key, record);
        return null;
    }

    // One timer for all records instead of one per transaction; it runs only while there are records.
    private void Sweep()
    {
        var now = _context.Time.GetTimestamp();
        foreach (var records in (ReadOnlySpan<ConcurrentDictionary<string, RetiredTransaction>>)[_retired, _retiredClients])
        {
            foreach (var (key, record) in records)
            {
                if (record.Until <= now)
                {
                    Forget(records, key, record);
                }
            }
        }

        lock (_sweepGate)
        {
            if (_retired.IsEmpty && _retiredClients.IsEmpty && _sweeping)
            {
                _sweeping = false;
                _sweep?.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            }
        }
    }

    private void Forget(ConcurrentDictionary<string, RetiredTransaction> records, string key, RetiredTransaction record)
    {
        if (!records.TryRemove(new KeyValuePair<string, RetiredTransaction>(key, record)))
        {
            return;
        }

        if (ReferenceEquals(records, _retired))
        {
            Interlocked.Decrement(ref _retiredServerCount);
        }

        if (record.MergeKey is { } merge)
        {
            _merged.TryRemove(new KeyValuePair<string, string>(merge, key));
        }
    }

    private TimeSpan SweepInterval => _context.Timers.T1 * 2;

    /// <summary>§8.2.2.2: same From tag, Call-ID and CSeq as a transaction in progress but another branch.</summary>
    private bool IsMerged(SipRequest request, string key)
    {
        if (request.To?.Tag is not null)
        {
            return false;
        }

        var existing = _merged.GetOrAdd(MergeKey(request), key);
        return existing != key;
    }

    private static string MergeKey(SipRequest request) =>
        $"{request.From?.Tag}|{request.CallId}|{request.CSeq}";

    private static string ServerKey(SipRequest request, string? method = null)
    {
        var via = request.TopVia!;
        method ??= request.Method == SipMethod.Ack ? SipMethod.Invite : request.Method;
        return via.HasRfc3261Branch
            ? $"{via.Branch}|{via.SentBy.ToLowerInvariant()}|{method}"
            : $"2543|{request.CallId}|{request.CSeq?.Number}|{request.From?.Tag}|{via.Branch}|{method}";
    }

    private static string ClientKey(string branch, string method) =>
        branch + "|" + (method == SipMethod.Ack ? SipMethod.Invite : method);

    /// <summary>
    /// What is left of a finished transaction while it absorbs retransmissions: until when, what to answer each with
    /// (a server non-INVITE's final response, a client INVITE's ACK of a non-2xx, as sent; otherwise nothing), where
    /// to, and for a server transaction the merge key to release afterwards.
    /// </summary>
    private sealed record RetiredTransaction(long Until, byte[]? Resend, SipPeer Peer, string? MergeKey);

    [LoggerMessage(EventId = 1100, Level = LogLevel.Information, Message = "Merged request for call {CallId} answered 482")]
    private static partial void LogMerged(ILogger logger, string? callId);
}
