using System.Collections.Concurrent;
using TelecomContactCenter.Core.Routing;
using TelecomContactCenter.Sip.Identity;
using TelecomContactCenter.Sip.UserAgent;

namespace TelecomContactCenter.Server.Calls;

/// <summary>
/// The calls in progress, by Call-ID: one <see cref="Call"/> per INVITE admitted to the IVR and per call queued
/// without a SIP leg, from admission until the call reaches an end (completed after wrap-up, abandoned, refused): a
/// call leaves the book itself when its phase ends. A routing-only call (302 from memory) and an INVITE to an unknown
/// number have an owner too, but never enter the book: their first transition is their end.
/// <para>
/// A call the IVR has handed to the queue is no longer awaited by the IVR: the book runs its end work
/// (<see cref="Call.EndAsync"/>) when its caller's leg ends (<see cref="EndWhenCallerLeaves"/>); a call with no caller
/// leg runs it when it reaches an end. The book logs what fails, and on stop hangs every caller up (BYE) and waits, at
/// most <see cref="ShutdownWait"/>, for every end work in progress.
/// Registered to stop before the SIP stack, so the BYEs still go out.
/// </para>
/// Thread-safe: concurrent maps.
/// </summary>
internal sealed partial class CallBook(TimeProvider time, ILogger<CallBook> logger) : IHostedService
{
    /// <summary>How long a stop waits for the callers' BYEs and the end work in progress.</summary>
    public static readonly TimeSpan ShutdownWait = TimeSpan.FromSeconds(10);

    private readonly ConcurrentDictionary<string, Call> _calls = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<Call, Task> _ending = new();

    public int Count => _calls.Count;

    /// <summary>Calls whose end work the book runs and has not finished yet.</summary>
    public int Ending => _ending.Count;

    /// <summary>Opens the owner of a newly admitted call.</summary>
    public Call Admit(SipCall caller, CallerIdentity identity, string accessNumber, DateTimeOffset startedAt)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var call = new Call(new CallId(caller.CallId), caller, identity, accessNumber, Forget) { StartedAt = startedAt };
        _calls[caller.CallId] = call;
        return call;
    }

    /// <summary>
    /// The call with <paramref name="callId"/>, opened (admitted, with no SIP leg) when the book does not hold it: a call
    /// entering the queue without the IVR (the REST or demo enqueue, a callback offer).
    /// </summary>
    public Call FindOrOpen(CallId callId, CallerIdentity identity) =>
        _calls.GetOrAdd(callId.Value, static (_, open) => new Call(open.callId, null, open.identity, null, open.book.Forget), (callId, identity, book: this));

    public Call? Find(CallId callId) => _calls.GetValueOrDefault(callId.Value);

    /// <summary>
    /// Runs the call's end work once its caller's leg has ended (either side's BYE, CANCEL, no ACK): for a call its
    /// handler has handed on and no longer awaits. The book holds the work until it finishes.
    /// </summary>
    public void EndWhenCallerLeaves(Call call)
    {
        ArgumentNullException.ThrowIfNull(call);
        _ending[call] = EndAfterAsync(call, call.Caller.Ended);
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>
    /// Hangs up (BYE) every caller still up, in the IVR or handed over, while the SIP stack can still send, and waits
    /// (bounded) until the end work the book runs has finished. A call in the IVR is ended by the IVR, whose task the
    /// SIP stack awaits as it stops.
    /// </summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        var callers = _calls.Values.Where(c => c.CallerLeg is not null).ToArray();
        foreach (var call in callers)
        {
            lock (call.Gate)
            {
                call.EndedByShutdown = true;
            }
        }

        try
        {
            var hangingUp = Task.WhenAll(callers.Select(c => c.Caller.HangUpAsync(cancellationToken)));
            await Task.WhenAll(hangingUp, Task.WhenAll(_ending.Values)).WaitAsync(ShutdownWait, time, cancellationToken);
        }
        catch (Exception ex) when (ex is TimeoutException or OperationCanceledException)
        {
            LogShutdownLeft(logger, _ending.Count);
        }
        catch (Exception ex)
        {
            // Boundary of the stop: a BYE that could not be sent must not keep the other services from stopping.
            LogStopFailed(logger, ex);
        }
    }

    /// <summary>Runs the call's end work once <paramref name="before"/> has completed; logs what fails.</summary>
    private async Task EndAfterAsync(Call call, Task before)
    {
        try
        {
            // Yields first: out of any gate the caller holds, and the book holds this task before it can forget it.
            await before.ConfigureAwait(ConfigureAwaitOptions.ForceYielding);
            await call.EndAsync();
        }
        catch (Exception ex)
        {
            // Boundary of the call's end: what failed is logged; the rest of its end work has run.
            LogEndFailed(logger, ex, call.Id.Value);
        }
        finally
        {
            _ending.TryRemove(call, out _);
        }
    }

    /// <summary>
    /// The call reached an end (under its gate): it leaves the book, and a call with no caller leg (a callback, the REST
    /// enqueue) runs its end work now, held by the book until it finishes; a SIP call's end follows its caller leg.
    /// </summary>
    private void Forget(Call call)
    {
        ArgumentNullException.ThrowIfNull(call);
        _calls.TryRemove(new KeyValuePair<string, Call>(call.Id.Value, call));
        if (call.CallerLeg is null)
        {
            _ending[call] = EndAfterAsync(call, Task.CompletedTask);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Ending call {CallId} failed")]
    private static partial void LogEndFailed(ILogger logger, Exception exception, string callId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Hanging up the calls in progress at stop failed")]
    private static partial void LogStopFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Stopping with {Count} calls still ending")]
    private static partial void LogShutdownLeft(ILogger logger, int count);
}
