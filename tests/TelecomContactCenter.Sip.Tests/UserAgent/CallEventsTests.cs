using System.Text;
using System.Threading.Channels;
using Microsoft.Extensions.Logging.Abstractions;
using TelecomContactCenter.Sip.Messages;
using TelecomContactCenter.Sip.Tests.Transactions;
using TelecomContactCenter.Sip.Transport;
using TelecomContactCenter.Sip.UserAgent;

namespace TelecomContactCenter.Sip.Tests.UserAgent;

/// <summary>
/// Each call delivers its own dialog events to whoever holds it, in order, and says how it ended. The transaction
/// layer runs on a manual clock and messages are delivered synchronously; only the hand-over to subscribers runs on
/// worker tasks, which the tests await (the 10 s bound only stops a broken build from hanging).
/// </summary>
public sealed class CallEventsTests : IAsyncDisposable
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);

    private static readonly byte[] Sdp = Encoding.ASCII.GetBytes(
        "v=0\r\no=tcc 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 20000 RTP/AVP 0\r\n");

    private readonly TransactionTestBed _bed = new();
    private readonly HoldingHandler _host = new();
    private readonly SipUserAgent _agent;

    public CallEventsTests()
    {
        _agent = new SipUserAgent(_bed.Layer, new LoopbackAddresses(), _host, "tcc-test", NullLogger<SipUserAgent>.Instance);
    }

    [Fact]
    public async Task OnEvent_EventsArrivedBeforeAnyoneListened_ReachTheFirstSubscriberInTheOrderTheyCame()
    {
        var call = ReceiveAnsweredInvite();
        var tag = call.Id.LocalTag;
        _bed.Deliver(TransactionTestBed.Request("ACK", branch: "z9hG4bKack", toTag: tag));
        _bed.Deliver(ReInvite(tag, cseq: 2, branch: "z9hG4bKre"));
        _bed.Deliver(TransactionTestBed.Request("BYE", branch: "z9hG4bKbye", cseq: 3, toTag: tag));

        var heard = Listen(call);

        Assert.Equal([DialogEventKind.Ack, DialogEventKind.ReInvite, DialogEventKind.Bye], await TakeKindsAsync(heard, 3));
        Assert.Equal(SipCallEndReason.RemoteBye, await call.Ended.WaitAsync(Bound));
    }

    [Fact]
    public void ReInvite_NoOneListening_IsAnsweredAtOnceWithTheLastLocalDescription()
    {
        var call = ReceiveAnsweredInvite();

        _bed.Deliver(ReInvite(call.Id.LocalTag, cseq: 2, branch: "z9hG4bKre"));

        var answer = _bed.Sent.OfType<SipResponse>().Last();
        Assert.Equal((200, SipMethod.Invite, 2L), (answer.StatusCode, answer.CSeq!.Value.Method, answer.CSeq!.Value.Number));
        Assert.Equal(Sdp, answer.Body.ToArray());
    }

    [Fact]
    public async Task ReInvite_SubscriberAnswersOneAndLeavesTheNext_TheFirstGetsItsAnswerTheSecondTheDefault200()
    {
        var call = ReceiveAnsweredInvite();
        var answered = 0;
        using var answering = call.OnEvent((e, _) =>
        {
            if (e.Kind == DialogEventKind.ReInvite && Interlocked.Increment(ref answered) == 1)
            {
                e.Call.AnswerReInvite(e.Transaction!, SipStatusCodes.NotAcceptableHere);
            }

            return ValueTask.CompletedTask;
        });
        var heard = Listen(call);

        _bed.Deliver(ReInvite(call.Id.LocalTag, cseq: 2, branch: "z9hG4bKre1"));
        _bed.Deliver(ReInvite(call.Id.LocalTag, cseq: 3, branch: "z9hG4bKre2"));
        _bed.Deliver(TransactionTestBed.Request("BYE", branch: "z9hG4bKbye", cseq: 4, toTag: call.Id.LocalTag));

        // Delivery is one event at a time: once the BYE is heard, both re-INVITEs have had their final answer.
        var events = await TakeAsync(heard, 3);
        Assert.Equal(488, events[0].Transaction!.LastResponse!.StatusCode);
        Assert.Equal(200, events[1].Transaction!.LastResponse!.StatusCode);
        Assert.Equal(Sdp, events[1].Transaction!.LastResponse!.Body.ToArray());
    }

    [Fact]
    public async Task OnEvent_OneSubscriberFailsAndAnotherLeft_TheRemainingOneStillHearsAndTheReInviteIsStillAnswered()
    {
        var call = ReceiveAnsweredInvite();
        using var failing = call.OnEvent((_, _) => throw new InvalidOperationException("a holder's bug"));
        var gone = Listen(call);
        var heard = Listen(call);
        gone.Subscription.Dispose();

        _bed.Deliver(ReInvite(call.Id.LocalTag, cseq: 2, branch: "z9hG4bKre"));
        _bed.Deliver(TransactionTestBed.Request("BYE", branch: "z9hG4bKbye", cseq: 3, toTag: call.Id.LocalTag));

        var events = await TakeAsync(heard, 2);
        Assert.Equal([DialogEventKind.ReInvite, DialogEventKind.Bye], events.Select(e => e.Kind));
        Assert.Equal(200, events[0].Transaction!.LastResponse!.StatusCode);
        Assert.False(gone.Events.Reader.TryRead(out _));
        heard.Subscription.Dispose();
    }

    [Fact]
    public async Task Ended_WeHangUp_CompletesAsLocalHangUpAndTheCallSendsBye()
    {
        var call = ReceiveAnsweredInvite();
        _bed.Deliver(TransactionTestBed.Request("ACK", branch: "z9hG4bKack", toTag: call.Id.LocalTag));

        _ = call.HangUpAsync(CancellationToken.None);

        Assert.Equal(SipCallEndReason.LocalHangUp, await call.Ended.WaitAsync(Bound));
        Assert.Single(_bed.Sent.OfType<SipRequest>(), r => r.Method == SipMethod.Bye);
    }

    [Fact]
    public async Task Ended_CallerCancelsBeforeTheAnswer_CompletesAsCancelledAndTheHolderHearsTheCancel()
    {
        _host.Answer = false;
        var call = ReceiveInvite();
        var heard = Listen(call);

        _bed.Deliver(TransactionTestBed.Request("CANCEL"));

        Assert.Equal(SipCallEndReason.Cancelled, await call.Ended.WaitAsync(Bound));
        Assert.Equal([DialogEventKind.Cancelled], await TakeKindsAsync(heard, 1));
    }

    [Fact]
    public async Task Ended_WeRejectOrRedirect_CompletesAsRejected()
    {
        _host.Answer = false;
        var call = ReceiveInvite();

        call.Reject(SipStatusCodes.BusyHere);

        Assert.Equal(SipCallEndReason.Rejected, await call.Ended.WaitAsync(Bound));
    }

    [Fact]
    public async Task Ended_OurAnswerNeverAcknowledged_CompletesAsAckTimeoutAndTheHolderHearsIt()
    {
        var call = ReceiveAnsweredInvite();
        var heard = Listen(call);

        _bed.Clock.Advance(TimeSpan.FromSeconds(33));

        Assert.Equal(SipCallEndReason.AckTimeout, await call.Ended.WaitAsync(Bound));
        Assert.Equal([DialogEventKind.AckTimeout], await TakeKindsAsync(heard, 1));
    }

    public async ValueTask DisposeAsync() => await _agent.DisposeAsync();

    private SipCall ReceiveInvite()
    {
        var invite = TransactionTestBed.Request("INVITE");
        invite.Body = Sdp;
        invite.ContentType = "application/sdp";
        _bed.Deliver(invite);
        return _host.Call!;
    }

    private SipCall ReceiveAnsweredInvite()
    {
        var call = ReceiveInvite();
        Assert.Equal(SipCallState.Answered, call.State);
        return call;
    }

    private static SipRequest ReInvite(string toTag, long cseq, string branch)
    {
        var request = TransactionTestBed.Request("INVITE", branch: branch, cseq: cseq, toTag: toTag);
        request.Body = Sdp;
        request.ContentType = "application/sdp";
        return request;
    }

    private static Listener Listen(SipCall call)
    {
        var events = Channel.CreateUnbounded<DialogEvent>();
        return new Listener(events, call.OnEvent((e, token) => events.Writer.WriteAsync(e, token)));
    }

    private static async Task<DialogEvent[]> TakeAsync(Listener listener, int count)
    {
        using var bound = new CancellationTokenSource(Bound);
        var events = new DialogEvent[count];
        for (var i = 0; i < count; i++)
        {
            events[i] = await listener.Events.Reader.ReadAsync(bound.Token);
        }

        return events;
    }

    private static async Task<DialogEventKind[]> TakeKindsAsync(Listener listener, int count) =>
        [.. (await TakeAsync(listener, count)).Select(e => e.Kind)];

    private sealed record Listener(Channel<DialogEvent> Events, IDisposable Subscription);

    /// <summary>Holds each new call without listening to it (the test subscribes when it wants); answers unless told not to.</summary>
    private sealed class HoldingHandler : ISipRequestHandler
    {
        public SipCall? Call { get; private set; }

        public bool Answer { get; set; } = true;

        public ValueTask OnInboundCallAsync(InboundCall inboundCall, CancellationToken cancellationToken)
        {
            Call = inboundCall.Call;
            if (Answer)
            {
                inboundCall.Call.Answer(Sdp);
            }

            return ValueTask.CompletedTask;
        }
    }
}
