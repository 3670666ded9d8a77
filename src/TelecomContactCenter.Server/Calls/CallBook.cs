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
/// Thread-safe: a concurrent map.
/// </summary>
internal sealed class CallBook
{
    private readonly ConcurrentDictionary<string, Call> _calls = new(StringComparer.Ordinal);

    public int Count => _calls.Count;

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

    private void Forget(Call call)
    {
        ArgumentNullException.ThrowIfNull(call);
        _calls.TryRemove(new KeyValuePair<string, Call>(call.Id.Value, call));
    }
}
