using System.Net;
using TelecomContactCenter.Sip.Messages;
using TelecomContactCenter.Sip.Transactions;

namespace TelecomContactCenter.Sip.UserAgent;

/// <summary>A new call: the INVITE, where it came from, and the handle to answer it with.</summary>
public sealed record InboundCall(SipRequest Invite, IPEndPoint Source, string Transport, SipCall Call);

/// <summary>What happened within a call.</summary>
public enum DialogEventKind
{
    Ack,
    Bye,
    ReInvite,
    Cancelled,

    /// <summary>Our 200 was never acknowledged (Timer L): the stack has ended the call with BYE.</summary>
    AckTimeout,
}

/// <summary>An in-dialog event; for a re-INVITE <see cref="Transaction"/> is open for the host's answer.</summary>
public sealed record DialogEvent(SipCall Call, DialogEventKind Kind, SipRequest Request, ServerTransaction? Transaction = null);

/// <summary>A request outside a dialog that the stack does not handle itself; answer through <see cref="Transaction"/>.</summary>
public sealed record InboundRequest(SipRequest Request, IPEndPoint Source, string Transport, ServerTransaction Transaction);

/// <summary>The outcome of <see cref="SipStack.SendRequestAsync"/>: the final response and, for an answered
/// INVITE, the established call (already acknowledged).</summary>
public sealed record SipRequestResult(SipResponse FinalResponse, SipCall? Call);
