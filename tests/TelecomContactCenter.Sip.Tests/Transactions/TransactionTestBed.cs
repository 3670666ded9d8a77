using System.Net;
using Microsoft.Extensions.Logging.Abstractions;
using TelecomContactCenter.Sip.Messages;
using TelecomContactCenter.Sip.Parsing;
using TelecomContactCenter.Sip.Transactions;
using TelecomContactCenter.Sip.Transport;
using TelecomContactCenter.Testing;

namespace TelecomContactCenter.Sip.Tests.Transactions;

/// <summary>A transaction layer on a manual clock whose sends and upcalls are recorded.</summary>
internal sealed class TransactionTestBed : ISipOutbound, ISipTransactionUser
{
    public TransactionTestBed(ISipRequestScreen? screen = null, WatchedTimeProvider? clock = null)
    {
        Clock = clock ?? new WatchedTimeProvider();
        Layer = new SipTransactionLayer(this, Clock, new SipTimerOptions(), NullLogger<SipTransactionLayer>.Instance, screen);
        Layer.Attach(this);
    }

    public static SipPeer Udp { get; } = new(SipTransportNames.Udp, new IPEndPoint(IPAddress.Loopback, 5070));

    public static SipPeer Tcp { get; } = new(SipTransportNames.Tcp, new IPEndPoint(IPAddress.Loopback, 5070), 1);

    public WatchedTimeProvider Clock { get; }

    public SipTransactionLayer Layer { get; }

    public List<SipMessage> Sent { get; } = [];

    public List<ServerTransaction> Requests { get; } = [];

    public List<SipRequest> Acks { get; } = [];

    public List<SipResponse> Responses { get; } = [];

    public Action<ServerTransaction>? OnNewRequest { get; set; }

    public int SentStatus(int status) => Sent.OfType<SipResponse>().Count(r => r.StatusCode == status);

    public int SentMethod(string method) => Sent.OfType<SipRequest>().Count(r => r.Method == method);

    // Locked: a UA test may answer on a worker task (a call's event delivery) while the test thread delivers.
    public void SendRequest(SipRequest request, SipPeer destination)
    {
        lock (Sent)
        {
            Sent.Add(request);
        }
    }

    public void SendResponse(SipResponse response, SipPeer requestSource)
    {
        lock (Sent)
        {
            Sent.Add(response);
        }
    }

    public void OnRequest(ServerTransaction transaction)
    {
        Requests.Add(transaction);
        OnNewRequest?.Invoke(transaction);
    }

    public void OnAck(SipRequest ack, SipPeer source) => Acks.Add(ack);

    public void OnStrayResponse(SipResponse response, SipPeer source) => Responses.Add(response);

    public void Deliver(SipMessage message, SipPeer? peer = null) =>
        Layer.Receive(new InboundMessage(SipParser.ParseMessage(message.ToBytes()), peer ?? Udp));

    public static SipRequest Request(string method, string branch = "z9hG4bKc1", long cseq = 1, string? toTag = null, string callId = "call-1")
    {
        var to = NameAddress.Parse("<sip:10000@example.com>");
        var request = SipRequest.Create(method, SipUri.Parse("sip:10000@example.com"),
            NameAddress.Parse("<sip:caller@example.net>;tag=f1"), toTag is null ? to : to.WithTag(toTag), callId, cseq);
        request.Headers.AddFirst(SipHeaderNames.Via, $"SIP/2.0/UDP 127.0.0.1:5070;branch={branch}");
        return request;
    }

    public static SipResponse ResponseTo(SipRequest request, int status, string toTag = "uas1") =>
        SipResponse.CreateFor(request, status, toTag: toTag);

    /// <summary>Advances the clock in small steps and records when messages were sent.</summary>
    public List<TimeSpan> SendTimes(TimeSpan until, Func<SipMessage, bool> match)
    {
        var start = Clock.GetUtcNow();
        var times = new List<TimeSpan>();
        var seen = Sent.Count;
        for (var elapsed = TimeSpan.Zero; elapsed <= until; elapsed += TimeSpan.FromMilliseconds(100))
        {
            Clock.SetUtcNow(start + elapsed);
            for (; seen < Sent.Count; seen++)
            {
                if (match(Sent[seen]))
                {
                    times.Add(elapsed);
                }
            }
        }

        return times;
    }
}
