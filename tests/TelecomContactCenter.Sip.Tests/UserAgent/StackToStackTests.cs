using TelecomContactCenter.Sip.Messages;
using TelecomContactCenter.Sip.Tests.Integration;
using TelecomContactCenter.Sip.Transport;
using TelecomContactCenter.Sip.UserAgent;
using TelecomContactCenter.Testing;

namespace TelecomContactCenter.Sip.Tests.UserAgent;

/// <summary>Two stacks calling each other: the client side's CANCEL and in-dialog requests in both directions.</summary>
public sealed class StackToStackTests
{
    [Fact]
    public async Task SendRequestAsync_CancelledWhileRinging_SendsCancelAndReturns487()
    {
        var callee = new AccessNumberHandler();
        await using var server = await SipUserAgentTests.StartAsync(callee);
        await using var client = await SipUserAgentTests.StartAsync(new AccessNumberHandler());
        using var cancel = new CancellationTokenSource();
        var invite = NewInvite(client, server, "10001", SipTransportNames.Udp);

        var result = await client.SendRequestAsync(invite, Peer(server, SipTransportNames.Udp), new OnRinging(cancel), cancel.Token);

        Assert.Equal(487, result.FinalResponse.StatusCode);
        Assert.Null(result.Call);
        Assert.Single(await callee.WaitForAsync(DialogEventKind.Cancelled));
    }

    [Fact]
    public async Task HangUpAsync_FromCalleeOverTcp_CallerGetsByeAndBothEnd()
    {
        var callee = new AccessNumberHandler();
        var caller = new AccessNumberHandler();
        await using var server = await SipUserAgentTests.StartAsync(callee);
        await using var client = await SipUserAgentTests.StartAsync(caller);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var invite = NewInvite(client, server, "10000", SipTransportNames.Tcp);

        var result = await client.SendRequestAsync(invite, Peer(server, SipTransportNames.Tcp), null, timeout.Token);
        caller.Watch(result.Call!);
        var serverCall = (await callee.WaitForAsync(DialogEventKind.Ack))[0].Call;
        var bye = await serverCall.HangUpAsync(timeout.Token);
        var callerBye = await caller.WaitForAsync(DialogEventKind.Bye);

        Assert.Equal(200, result.FinalResponse.StatusCode);
        Assert.Equal(200, bye!.StatusCode);
        Assert.Equal(result.Call!.CallId, callerBye[0].Call.CallId);
        Assert.Equal(SipCallState.Ended, serverCall.State);
        Assert.Equal(SipCallEndReason.LocalHangUp, await serverCall.Ended);
        Assert.Equal(SipCallEndReason.RemoteBye, await result.Call.Ended);
        Assert.Equal(0, client.UserAgent.ActiveCalls);
        Assert.Equal(0, server.UserAgent.ActiveCalls);
    }

    [Fact]
    public async Task Invite_RequiresUnknownExtension_Answers420WithUnsupported()
    {
        await using var server = await SipUserAgentTests.StartAsync(new AccessNumberHandler());
        await using var client = await SipUserAgentTests.StartAsync(new AccessNumberHandler());
        var invite = NewInvite(client, server, "10000", SipTransportNames.Udp);
        invite.Headers.Add("Require", "nothingSupportsThis, 100rel");

        var result = await client.SendRequestAsync(invite, Peer(server, SipTransportNames.Udp), null, CancellationToken.None);

        Assert.Equal(420, result.FinalResponse.StatusCode);
        Assert.Equal("nothingSupportsThis, 100rel", result.FinalResponse.Headers.Get("Unsupported"));
    }

    [Fact]
    public async Task SendRequestAsync_LargerThanUdpAllows_GoesOverTcp()
    {
        var callee = new TransportRecorder();
        await using var server = await SipUserAgentTests.StartAsync(callee, Sipp.FreeUdpAndTcpPort());
        await using var client = await SipUserAgentTests.StartAsync(new AccessNumberHandler());
        var invite = NewInvite(client, server, "10000", SipTransportNames.Udp);
        invite.Body = System.Text.Encoding.ASCII.GetBytes("v=0\r\n" + string.Concat(Enumerable.Repeat("a=x-padding:0123456789\r\n", 80)));

        var result = await client.SendRequestAsync(invite, Peer(server, SipTransportNames.Udp), null, CancellationToken.None);

        Assert.Equal(603, result.FinalResponse.StatusCode);
        Assert.Equal(SipTransportNames.Tcp, await callee.Transport.Task);
    }

    private static SipRequest NewInvite(SipStack from, SipStack to, string number, string transport)
    {
        var target = SipUri.Sip(number, "127.0.0.1", Peer(to, transport).RemoteEndPoint.Port);
        var invite = from.CreateRequest(SipMethod.Invite, target, NameAddress.Parse("<sip:agent-leg@127.0.0.1>"), new NameAddress(target), transport);
        invite.Body = AccessNumberHandler.AnswerSdp;
        invite.ContentType = "application/sdp";
        return invite;
    }

    private static SipPeer Peer(SipStack stack, string transport) =>
        new(transport, transport == SipTransportNames.Tcp ? stack.TcpEndPoint : stack.UdpEndPoint);

    private sealed class TransportRecorder : ISipRequestHandler
    {
        public TaskCompletionSource<string> Transport { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public ValueTask OnInboundCallAsync(InboundCall inboundCall, CancellationToken cancellationToken)
        {
            Transport.TrySetResult(inboundCall.Transport);
            inboundCall.Call.Reject(SipStatusCodes.Decline);
            return ValueTask.CompletedTask;
        }
    }

    private sealed class OnRinging(CancellationTokenSource cancel) : IProgress<SipResponse>
    {
        public void Report(SipResponse value)
        {
            if (value.StatusCode == 180)
            {
                cancel.Cancel();
            }
        }
    }
}
