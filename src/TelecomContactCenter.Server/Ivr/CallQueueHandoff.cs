using TelecomContactCenter.Core.Ivr;
using TelecomContactCenter.Media.Calls;
using TelecomContactCenter.Server.Calls;

namespace TelecomContactCenter.Server.Ivr;

/// <summary>
/// A call the IVR hands to the ACD: its owner (caller leg, identity, customer), media, the flow's decision, the
/// caller's profile and the path so far.
/// </summary>
internal sealed record IvrQueuedCall(Call Owner, CallMedia Media, EnqueueCall Request, IvrCallerProfile Caller)
{
    public string CallId => Owner.Id.Value;

    /// <summary>The flow states the caller went through, in order, for the screen pop and the interaction record.</summary>
    public IReadOnlyList<string> Path { get; init; } = [];

    public string? Digits { get; init; }
}

/// <summary>
/// Where the IVR hands calls that must wait for an agent. The task completes when the call has left the queue
/// (answered elsewhere or abandoned); cancellation means the caller's call is over.
/// </summary>
internal interface ICallQueueHandoff
{
    Task HandOverAsync(IvrQueuedCall call, CancellationToken cancellationToken);
}
