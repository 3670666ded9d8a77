using System.Collections.Concurrent;
using TelecomContactCenter.Core.Routing;
using TelecomContactCenter.Sip.Identity;
using TelecomContactCenter.Sip.UserAgent;

namespace TelecomContactCenter.Server.Calls;

/// <summary>
/// The calls in progress, by Call-ID: one <see cref="Call"/> per INVITE admitted to the IVR, from admission until its
/// caller's leg is over. Routing-only numbers answer 302 from memory and never enter it. Thread-safe: a concurrent map.
/// </summary>
internal sealed class CallBook
{
    private readonly ConcurrentDictionary<string, Call> _calls = new(StringComparer.Ordinal);

    public int Count => _calls.Count;

    /// <summary>Opens the owner of a newly admitted call.</summary>
    public Call Admit(SipCall caller, CallerIdentity identity, string accessNumber)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var call = new Call(caller, identity, accessNumber);
        _calls[caller.CallId] = call;
        return call;
    }

    public Call? Find(CallId callId) => _calls.GetValueOrDefault(callId.Value);

    public void Forget(Call call)
    {
        ArgumentNullException.ThrowIfNull(call);
        _calls.TryRemove(new KeyValuePair<string, Call>(call.Id.Value, call));
    }
}
