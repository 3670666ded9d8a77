using TelecomContactCenter.Core.Routing;
using TelecomContactCenter.Server.Calls;
using TelecomContactCenter.Server.Contact;

namespace TelecomContactCenter.Server.Tests.Calls;

/// <summary>
/// A call's end: the work registered on it runs once, unwinding (last registered first: the bridge before the media
/// it stood on, the record last), every piece even when one fails, and the end waits for the work the call owns (an
/// agent's phone being dialled, hold music) and reports what failed in it.
/// </summary>
public sealed class CallOwnerEndWorkTests
{
    [Fact]
    public async Task EndWork_RunsOnceLastRegisteredFirst_EvenPastAFailure_AndTheEndFaultsWithTheFailure()
    {
        var call = NewCall();
        var ran = new List<string>();
        call.OnEnd(() => Step(ran, "record"));
        call.OnEnd(() => throw new InvalidOperationException("the path could not be written"));
        call.OnEnd(() => Step(ran, "media released"));
        call.OnEnd(() => Step(ran, "bridge torn down"));

        var first = call.EndAsync();
        var second = call.EndAsync();
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => first);
        await Assert.ThrowsAsync<InvalidOperationException>(() => second);

        Assert.Equal(["bridge torn down", "media released", "record"], ran);
        Assert.Equal("the path could not be written", error.Message);
        Assert.Throws<InvalidOperationException>(() => call.OnEnd(() => Task.CompletedTask));
    }

    [Fact]
    public async Task OwnedWork_TheEndWaitsForIt_AndReportsItsFault()
    {
        var call = NewCall();
        var dialling = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var holdMusic = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        call.Own(dialling.Task);
        call.Own(holdMusic.Task);

        var ending = call.EndAsync();
        var waitedForBoth = !ending.IsCompleted;
        dialling.SetResult();
        var waitedForTheMusic = !ending.IsCompleted;
        holdMusic.SetException(new IOException("the prompt could not be read"));
        var error = await Assert.ThrowsAsync<IOException>(() => ending);

        Assert.True(waitedForBoth && waitedForTheMusic);
        Assert.Equal("the prompt could not be read", error.Message);
    }

    private static Task Step(List<string> ran, string name)
    {
        ran.Add(name);
        return Task.CompletedTask;
    }

    private static Call NewCall() =>
        new(new CallId($"end-{Guid.NewGuid():N}"), null, new CallerIdentityInfo("+8613800000001", "+8613800000001", "NetworkAsserted").ToIdentity(), null);
}
