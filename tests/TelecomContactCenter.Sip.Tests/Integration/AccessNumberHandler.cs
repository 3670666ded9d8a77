using System.Text;
using System.Threading.Channels;
using TelecomContactCenter.Sip.Messages;
using TelecomContactCenter.Sip.UserAgent;

namespace TelecomContactCenter.Sip.Tests.Integration;

/// <summary>
/// The test host: access number 10000 rings then answers with a fixed SDP; 10001 rings until cancelled; any
/// other number gets 404.
/// </summary>
internal sealed class AccessNumberHandler : ISipRequestHandler
{
    public static readonly byte[] AnswerSdp = Encoding.ASCII.GetBytes(
        "v=0\r\no=tcc 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n" +
        "m=audio 20000 RTP/AVP 0 8 101\r\na=rtpmap:0 PCMU/8000\r\na=rtpmap:8 PCMA/8000\r\n" +
        "a=rtpmap:101 telephone-event/8000\r\na=sendrecv\r\n");

    private int _calls;

    private readonly Channel<DialogEvent> _events = Channel.CreateUnbounded<DialogEvent>();

    public int Calls => _calls;

    public ValueTask OnInboundCallAsync(InboundCall inboundCall, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _calls);
        Watch(inboundCall.Call);
        var user = (inboundCall.Invite.RequestUri as SipUri)?.User;
        switch (user)
        {
            case "10000":
                inboundCall.Call.SendProvisional();
                inboundCall.Call.Answer(AnswerSdp);
                break;
            case "10001":
                inboundCall.Call.SendProvisional();
                break;
            default:
                inboundCall.Call.Reject(SipStatusCodes.NotFound);
                break;
        }

        return ValueTask.CompletedTask;
    }

    /// <summary>Hears <paramref name="call"/>'s dialog events from now on (inbound calls are watched from their INVITE).</summary>
    public void Watch(SipCall call) => call.OnEvent((dialogEvent, token) => _events.Writer.WriteAsync(dialogEvent, token));

    /// <summary>Waits (at most 5 s) until <paramref name="count"/> events of one kind arrived; others are skipped.</summary>
    public async Task<List<DialogEvent>> WaitForAsync(DialogEventKind kind, int count = 1)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        var seen = new List<DialogEvent>();
        while (seen.Count < count)
        {
            var next = await _events.Reader.ReadAsync(timeout.Token);
            if (next.Kind == kind)
            {
                seen.Add(next);
            }
        }

        return seen;
    }
}
