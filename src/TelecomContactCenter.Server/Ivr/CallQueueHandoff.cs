using TelecomContactCenter.Server.Calls;

namespace TelecomContactCenter.Server.Ivr;

/// <summary>
/// Where the IVR hands calls that must wait for an agent: the call's owner, with what the IVR learnt (profile, path,
/// digits, queue request) and the caller's media already on it. The task completes when the call has left the queue
/// (answered elsewhere or abandoned); cancellation means the caller's call is over.
/// </summary>
internal interface ICallQueueHandoff
{
    Task HandOverAsync(Call call, CancellationToken cancellationToken);
}
