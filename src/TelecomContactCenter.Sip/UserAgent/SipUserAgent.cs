using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;
using TelecomContactCenter.Sip.Dialogs;
using TelecomContactCenter.Sip.Messages;
using TelecomContactCenter.Sip.Transactions;
using TelecomContactCenter.Sip.Transport;

namespace TelecomContactCenter.Sip.UserAgent;

/// <summary>
/// The UA core (RFC 3261 §8, §12-15): turns server transactions into calls for the host and each call's dialog
/// events into events on that <see cref="SipCall"/>, answers OPTIONS, CANCEL, unknown dialogs (481) and unsupported
/// methods (405/501) itself, and places requests for the host. Thread-safe: calls live in concurrent maps; a new
/// call's handler starts on the receiving thread, other host callbacks on worker tasks (one at a time per call for
/// its events), and unfinished ones are tracked so shutdown can wait for them.
/// </summary>
public sealed partial class SipUserAgent : ISipTransactionUser, IAsyncDisposable
{
    private readonly SipTransactionLayer _transactions;
    private readonly ISipLocalAddresses _addresses;
    private readonly ISipRequestHandler _handler;
    private readonly string _productName;
    private readonly SipCapabilities _capabilities;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<DialogId, SipCall> _calls = new();
    private readonly ConditionalWeakTable<InviteServerTransaction, SipCall> _callsByInvite = [];
    private readonly ConcurrentDictionary<Task, byte> _work = new();
    private readonly CancellationTokenSource _stopping = new();

    public SipUserAgent(SipTransactionLayer transactions, ISipLocalAddresses addresses, ISipRequestHandler handler,
        string productName, ILogger<SipUserAgent> logger, bool acceptsRegister = false)
    {
        _capabilities = new SipCapabilities(acceptsRegister);
        _transactions = transactions;
        _addresses = addresses;
        _handler = handler;
        _productName = productName;
        _logger = logger;
        transactions.Attach(this);
    }

    /// <summary>Calls offered, answered or confirmed and not yet ended.</summary>
    public int ActiveCalls => _calls.Count;

    public bool TryGetCall(DialogId id, out SipCall? call) => _calls.TryGetValue(id, out call);

    public void OnRequest(ServerTransaction transaction)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        var request = transaction.Request;
        if (request.To?.Tag is { } toTag && request.Method != SipMethod.Cancel)
        {
            OnInDialogRequest(transaction, toTag);
            return;
        }

        if (SipCapabilities.RejectUnsupportedExtensions(transaction) || _capabilities.RejectUnacceptable(transaction))
        {
            return;
        }

        switch (request.Method)
        {
            case SipMethod.Invite:
                OnNewCall((InviteServerTransaction)transaction);
                break;
            case SipMethod.Cancel:
                OnCancel(transaction);
                break;
            case SipMethod.Options:
                transaction.Respond(_capabilities.CreateOptionsAnswer(request, _productName));
                break;
            case SipMethod.Bye:
                transaction.Respond(SipStatusCodes.CallOrTransactionDoesNotExist, toTag: SipIdentifiers.NewTag());
                break;
            default:
                var inbound = new InboundRequest(request, transaction.Peer.RemoteEndPoint, transaction.Peer.Transport, transaction);
                Dispatch(request.CallId, async token =>
                {
                    if (!await _handler.OnRequestAsync(inbound, token))
                    {
                        _capabilities.RespondUnsupported(transaction);
                    }
                }, _ => _capabilities.RespondUnsupported(transaction));
                break;
        }
    }

    public void OnAck(SipRequest ack, SipPeer source)
    {
        ArgumentNullException.ThrowIfNull(ack);
        if (FindCall(ack) is { } call && call.OnAck(ack))
        {
            Post(call, new DialogEvent(call, DialogEventKind.Ack, ack));
        }
    }

    public void OnStrayResponse(SipResponse response, SipPeer source)
    {
        ArgumentNullException.ThrowIfNull(response);
        if (response is { IsSuccess: true, CSeq.Method: SipMethod.Invite } && response.To?.Tag is { } remoteTag
            && _calls.TryGetValue(new DialogId(response.CallId!, response.From?.Tag ?? string.Empty, remoteTag), out var call))
        {
            SendAck(call, response.CSeq!.Value.Number, source);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        await Task.WhenAll(_work.Keys).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _stopping.Dispose();
    }

    /// <summary>A response within a call: To tag of the dialog, our Contact, Server (§8.2.6, §12.1.1).</summary>
    internal SipResponse CreateResponse(SipCall call, SipRequest request, int statusCode, string? reasonPhrase)
    {
        var response = SipResponse.CreateFor(request, statusCode, reasonPhrase, call.Id.LocalTag);
        if (statusCode is > 100 and < 300)
        {
            response.Headers.Add(SipHeaderNames.Contact, new NameAddress(_addresses.CreateContactUri(call.Peer.Transport, null)).ToString());

            // §12.1.1: a response that can create a dialog copies the request's Record-Route, so the caller's ACK,
            // BYE and re-INVITEs pass the proxies (an operator's edge) that asked to stay on the path.
            foreach (var line in request.Headers.GetLines(SipHeaderNames.RecordRoute))
            {
                response.Headers.Add(SipHeaderNames.RecordRoute, line);
            }
        }

        if (statusCode is >= 200 and < 300)
        {
            response.Headers.Add(SipHeaderNames.Allow, _capabilities.AllowedMethods);
        }

        response.Headers.Add(SipHeaderNames.Server, _productName);
        return response;
    }

    internal void Forget(SipCall call) => _calls.TryRemove(new KeyValuePair<DialogId, SipCall>(call.Id, call));

    /// <summary>Starts handing a call's queued events to its subscribers on a worker task (one task per call at a time).</summary>
    internal void DeliverEvents(SipCall call) => Dispatch(call.CallId, token => DeliverAsync(call, token));

    private void OnNewCall(InviteServerTransaction transaction)
    {
        var request = transaction.Request;
        var dialog = SipDialog.CreateAsServer(request, SipIdentifiers.NewTag());
        var call = new SipCall(this, dialog, request, transaction.Peer, transaction);
        _calls[dialog.Id] = call;
        _callsByInvite.AddOrUpdate(transaction, call);
        transaction.OnAckTimeout(_ =>
        {
            LogAckTimeout(_logger, call.CallId);
            if (call.MarkEnded(SipCallEndReason.AckTimeout))
            {
                Forget(call);

                // A 200 never acknowledged within 64×T1: the session SHOULD be ended with BYE (§13.3.1.4), and the
                // host must stop serving it (an IVR would otherwise play to a caller who is not there).
                // The BYE leaves before the holder hears of it (from this thread; its response comes by its transaction).
                DispatchInline(call.CallId, async token => await SendInDialogAsync(call, call.Dialog.CreateRequest(SipMethod.Bye), token), _ => { });
                Post(call, new DialogEvent(call, DialogEventKind.AckTimeout, call.Invite));
            }
        });
        var inbound = new InboundCall(request, transaction.Peer.RemoteEndPoint, transaction.Peer.Transport, call);
        DispatchInline(call.CallId, token => _handler.OnInboundCallAsync(inbound, token), _ => call.Reject(SipStatusCodes.ServerInternalError));
    }

    private void OnCancel(ServerTransaction cancel)
    {
        if (cancel.CancelledInvite is not { } invite || !_callsByInvite.TryGetValue(invite, out var call))
        {
            cancel.Respond(SipStatusCodes.CallOrTransactionDoesNotExist, toTag: SipIdentifiers.NewTag());
            return;
        }

        cancel.Respond(SipStatusCodes.Ok, toTag: call.Id.LocalTag);
        if (call.MarkCancelled())
        {
            invite.Respond(CreateResponse(call, call.Invite, SipStatusCodes.RequestTerminated, null));
            Forget(call);
            Post(call, new DialogEvent(call, DialogEventKind.Cancelled, cancel.Request));
        }
    }

    private void OnInDialogRequest(ServerTransaction transaction, string toTag)
    {
        var request = transaction.Request;
        if (FindCall(request) is not { } call)
        {
            transaction.Respond(SipStatusCodes.CallOrTransactionDoesNotExist);
            return;
        }

        if (!call.Dialog.TryAcceptRemoteSequence(request))
        {
            transaction.Respond(SipStatusCodes.ServerInternalError, "CSeq Out of Order");
            return;
        }

        switch (request.Method)
        {
            case SipMethod.Bye:
                var ended = call.MarkEnded(SipCallEndReason.RemoteBye);
                Forget(call);
                transaction.Respond(CreateResponse(call, request, SipStatusCodes.Ok, null));
                if (ended)
                {
                    Post(call, new DialogEvent(call, DialogEventKind.Bye, request));
                }

                break;
            case SipMethod.Invite:
                Post(call, new DialogEvent(call, DialogEventKind.ReInvite, request, transaction));
                break;
            case SipMethod.Options or SipMethod.Info or SipMethod.Update:
                transaction.Respond(CreateResponse(call, request, SipStatusCodes.Ok, null));
                break;
            default:
                _capabilities.RespondUnsupported(transaction);
                break;
        }
    }

    private void AnswerReInvite(SipCall call, ServerTransaction transaction)
    {
        if (transaction.LastResponse is { IsFinal: true })
        {
            return;
        }

        var response = CreateResponse(call, transaction.Request, SipStatusCodes.Ok, null);
        if (!call.LocalBody.IsEmpty)
        {
            response.Body = call.LocalBody;
            response.ContentType = call.LocalContentType;
        }

        transaction.Respond(response);
    }

    private void Post(SipCall call, DialogEvent dialogEvent)
    {
        if (call.Post(dialogEvent, out var answerNow))
        {
            DeliverEvents(call);
        }

        if (answerNow)
        {
            AnswerReInvite(call, dialogEvent.Transaction!);
        }
    }

    /// <summary>
    /// Hands a call's events to its subscribers one at a time until none is left; a subscriber that fails is logged
    /// and the others still hear the event. A re-INVITE nobody answered gets the default answer afterwards.
    /// </summary>
    private async ValueTask DeliverAsync(SipCall call, CancellationToken token)
    {
        while (call.TryTakeNext(out var dialogEvent, out var subscribers))
        {
            foreach (var subscriber in subscribers)
            {
                try
                {
                    await subscriber.Handler(dialogEvent, token);
                }
                catch (Exception ex) when (!token.IsCancellationRequested)
                {
                    // Boundary with host code: one failing holder must not silence the call for the others.
                    LogHandlerFailed(_logger, ex);
                }
            }

            if (dialogEvent is { Kind: DialogEventKind.ReInvite, Transaction: { } transaction })
            {
                AnswerReInvite(call, transaction);
            }
        }
    }

    private SipCall? FindCall(SipRequest request) =>
        request.To?.Tag is { } local && _calls.TryGetValue(new DialogId(request.CallId!, local, request.From?.Tag ?? string.Empty), out var call)
            ? call
            : null;

    /// <summary>
    /// Runs host code on this (receiving) thread until its first incomplete wait, then lets it go on as a tracked
    /// task. A redirect decided from memory is answered without leaving the thread; a handler that waits for I/O
    /// costs nothing extra. Failures are logged and handed to <paramref name="onError"/>.
    /// </summary>
    private void DispatchInline(string? callId, Func<CancellationToken, ValueTask> work, Action<Exception> onError)
    {
        var token = _stopping.Token;
        ValueTask pending;
        using (_logger.BeginScope("Call {CallId}", callId))
        {
            try
            {
                pending = work(token);
            }
            catch (Exception ex) when (!token.IsCancellationRequested)
            {
                // Boundary with host code: a failing handler must not leave the call unanswered or stop the stack.
                LogHandlerFailed(_logger, ex);
                onError(ex);
                return;
            }
        }

        if (pending.IsCompletedSuccessfully)
        {
            return;
        }

        Track(FinishAsync(pending, onError, token));
    }

    private async Task FinishAsync(ValueTask pending, Action<Exception> onError, CancellationToken token)
    {
        try
        {
            await pending;
        }
        catch (Exception ex) when (!token.IsCancellationRequested)
        {
            LogHandlerFailed(_logger, ex);
            onError(ex);
        }
    }

    private void Track(Task task)
    {
        _work[task] = 0;
        task.ContinueWith(t => _work.TryRemove(t, out _), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    /// <summary>Runs host code on a worker task; failures are logged and handed to <paramref name="onError"/>.</summary>
    private void Dispatch(string? callId, Func<CancellationToken, ValueTask> work, Action<Exception>? onError = null)
    {
        var token = _stopping.Token;
        var task = Task.Run(async () =>
        {
            // One log scope per call, so everything the host logs while handling it carries the Call-ID.
            using var scope = _logger.BeginScope("Call {CallId}", callId);
            try
            {
                await work(token);
            }
            catch (Exception ex) when (!token.IsCancellationRequested)
            {
                // Boundary with host code: a failing handler must not leave the call unanswered or stop the stack.
                LogHandlerFailed(_logger, ex);
                onError?.Invoke(ex);
            }
        }, CancellationToken.None);
        Track(task);
    }

    [LoggerMessage(EventId = 1200, Level = LogLevel.Warning, Message = "SIP request handler failed")]
    private static partial void LogHandlerFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 1201, Level = LogLevel.Warning, Message = "No ACK for the final response of call {CallId}")]
    private static partial void LogAckTimeout(ILogger logger, string callId);
}
