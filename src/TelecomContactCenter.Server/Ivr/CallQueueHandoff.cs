using TelecomContactCenter.Server.Calls;

namespace TelecomContactCenter.Server.Ivr;

/// <summary>
/// Where the IVR hands calls that must wait for an agent: the call's owner, with what the IVR learnt (profile, path,
/// digits, queue request) and the caller's media already on it. The task completes once the caller's leg has ended
/// and the call has been torn down (the ACD told); cancellation means the host is stopping, and the call is torn down
/// all the same.
/// </summary>
internal interface ICallQueueHandoff
{
    Task HandOverAsync(Call call, CancellationToken cancellationToken);
}
