using System.Collections.Concurrent;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using TelecomContactCenter.Sip.Messages;
using TelecomContactCenter.Sip.Tests.Transactions;
using TelecomContactCenter.Sip.Transport;
using TelecomContactCenter.Sip.UserAgent;

namespace TelecomContactCenter.Sip.Tests.UserAgent;

/// <summary>
/// RFC 3261 §13.2.1 late offer at the UA core: an INVITE without SDP, our offer in the 200, the answer in the ACK.
/// The transaction layer runs on a manual clock and messages are delivered synchronously, so retransmissions and
/// Timer L are driven without waiting.
/// </summary>
public sealed class LateOfferTests : IAsyncDisposable
{
    private static readonly byte[] Offer = Encoding.ASCII.GetBytes(
        "v=0\r\no=tcc 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 20000 RTP/AVP 0 8 101\r\n");

    private static readonly byte[] Answer = Encoding.ASCII.GetBytes(
        "v=0\r\no=caller 7 7 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 30000 RTP/AVP 8\r\n");

    private readonly TransactionTestBed _bed = new();
    private readonly OfferingHandler _host = new();
    private readonly SipUserAgent _agent;

    public LateOfferTests()
    {
        _agent = new SipUserAgent(_bed.Layer, new LoopbackAddresses(), _host, "tcc-test", NullLogger<SipUserAgent>.Instance);
    }

    [Fact]
    public async Task Ack_AnswerToLateOfferRetransmitted_ReachesTheHostOnceWithTheAnswer()
    {
        var call = ReceiveInvite(body: null);
        var tag = Sent200().To!.Tag!;

        _bed.Deliver(Ack(tag, Answer));
        _bed.Deliver(Ack(tag, Answer));
        var ack = await call.WaitForAckAsync(CancellationToken.None);
        await _agent.DisposeAsync();

        Assert.True(call.HasLateOffer);
        Assert.Equal(Answer, ack!.Body.ToArray());
        var acks = _host.Events.Where(e => e.Kind == DialogEventKind.Ack).ToList();
        Assert.Single(acks);
        Assert.Equal(Answer, acks[0].Request.Body.ToArray());
        Assert.Equal(SipCallState.Confirmed, call.State);
    }

    [Fact]
    public void Answer_LateOfferNotYetAcknowledged_EveryRetransmitted200CarriesTheSameOffer()
    {
        ReceiveInvite(body: null);

        _bed.SendTimes(TimeSpan.FromSeconds(4), _ => false);

        var oks = _bed.Sent.OfType<SipResponse>().Where(r => r.StatusCode == 200).ToList();
        Assert.Equal(4, oks.Count); // at 0, 0.5, 1.5 and 3.5 s (§13.3.1.4: T1 doubling)
        Assert.All(oks, ok => Assert.Equal(Offer, ok.Body.ToArray()));
        Assert.All(oks, ok => Assert.Equal("application/sdp", ok.ContentType));
    }

    [Fact]
    public async Task WaitForAck_NoAckBeforeTimerL_ReturnsNullAndTheCallHasEnded()
    {
        var call = ReceiveInvite(body: null);

        _bed.Clock.Advance(TimeSpan.FromSeconds(33));
        var ack = await call.WaitForAckAsync(CancellationToken.None);

        Assert.Null(ack);
        Assert.Equal(SipCallState.Ended, call.State);
        Assert.Equal(0, _agent.ActiveCalls);
    }

    [Fact]
    public async Task AckTimeout_AnsweredCallNeverAcknowledged_StackSendsByeThenTellsTheHost()
    {
        var call = ReceiveInvite(body: Offer);
        var tag = Sent200().To!.Tag!;

        _bed.Clock.Advance(TimeSpan.FromSeconds(33));
        var ended = await _host.AckTimedOut.Task.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Same(call, ended.Call);
        var bye = Assert.Single(_bed.Sent.OfType<SipRequest>(), r => r.Method == SipMethod.Bye);
        Assert.Equal((call.CallId, tag), (bye.CallId, bye.From!.Tag));
        Assert.Equal(SipCallState.Ended, call.State);
    }

    [Fact]
    public async Task WaitForAck_OfferInInvite_ReturnsTheAckWithoutBody()
    {
        var call = ReceiveInvite(body: Offer);
        var tag = Sent200().To!.Tag!;

        _bed.Deliver(Ack(tag, null));
        var ack = await call.WaitForAckAsync(CancellationToken.None);

        Assert.False(call.HasLateOffer);
        Assert.True(ack!.Body.IsEmpty);
    }

    [Fact]
    public void Answer_LateOfferWithEmptyBody_Throws()
    {
        _host.AnswerEmpty = true;

        var call = ReceiveInvite(body: null);

        Assert.Throws<ArgumentException>(() => call.Answer(ReadOnlyMemory<byte>.Empty));
        Assert.Equal(SipCallState.Offered, call.State);
    }

    public async ValueTask DisposeAsync() => await _agent.DisposeAsync();

    private SipCall ReceiveInvite(byte[]? body)
    {
        var invite = TransactionTestBed.Request("INVITE");
        if (body is not null)
        {
            invite.Body = body;
            invite.ContentType = "application/sdp";
        }

        _bed.Deliver(invite);
        return _host.Call!;
    }

    private SipResponse Sent200() => _bed.Sent.OfType<SipResponse>().First(r => r.StatusCode == 200);

    private static SipRequest Ack(string toTag, byte[]? body)
    {
        var ack = TransactionTestBed.Request("ACK", branch: "z9hG4bKack", toTag: toTag);
        if (body is not null)
        {
            ack.Body = body;
            ack.ContentType = "application/sdp";
        }

        return ack;
    }

    /// <summary>Answers every call at once: with our offer after a late offer, with an answer otherwise.</summary>
    private sealed class OfferingHandler : ISipRequestHandler
    {
        public SipCall? Call { get; private set; }

        public bool AnswerEmpty { get; set; }

        public ConcurrentQueue<DialogEvent> Events { get; } = new();

        public TaskCompletionSource<DialogEvent> AckTimedOut { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public ValueTask OnInboundCallAsync(InboundCall inboundCall, CancellationToken cancellationToken)
        {
            Call = inboundCall.Call;
            Call.OnEvent(OnDialogEventAsync);
            if (!AnswerEmpty)
            {
                inboundCall.Call.Answer(Offer);
            }

            return ValueTask.CompletedTask;
        }

        private ValueTask OnDialogEventAsync(DialogEvent dialogEvent, CancellationToken cancellationToken)
        {
            Events.Enqueue(dialogEvent);
            if (dialogEvent.Kind == DialogEventKind.AckTimeout)
            {
                AckTimedOut.TrySetResult(dialogEvent);
            }

            return ValueTask.CompletedTask;
        }
    }
}
