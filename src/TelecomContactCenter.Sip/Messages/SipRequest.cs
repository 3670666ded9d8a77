using System.Globalization;

namespace TelecomContactCenter.Sip.Messages;

/// <summary>A SIP request (RFC 3261 §7.1).</summary>
public sealed class SipRequest : SipMessage
{
    public SipRequest(string method, AddressUri requestUri)
    {
        ArgumentException.ThrowIfNullOrEmpty(method);
        ArgumentNullException.ThrowIfNull(requestUri);
        Method = method;
        RequestUri = requestUri;
    }

    public string Method { get; }

    public AddressUri RequestUri { get; set; }

    public bool IsInvite => Method == SipMethod.Invite;

    /// <summary>
    /// A request with the headers every request needs (§8.1.1), in the usual order; Via and Contact are left to
    /// the transport and the caller.
    /// </summary>
    public static SipRequest Create(
        string method, AddressUri requestUri, NameAddress from, NameAddress to, string callId, long sequence)
    {
        var request = new SipRequest(method, requestUri);
        request.Headers.Add(SipHeaderNames.MaxForwards, "70");
        request.Headers.Add(SipHeaderNames.From, from.ToString());
        request.Headers.Add(SipHeaderNames.To, to.ToString());
        request.Headers.Add(SipHeaderNames.CallId, callId);
        request.Headers.Add(SipHeaderNames.CSeq, new SipCSeq(sequence, method).ToString());
        return request;
    }

    public SipRequest Clone()
    {
        var copy = new SipRequest(Method, RequestUri) { Body = Body };
        foreach (var header in Headers)
        {
            copy.Headers.Add(header.Name, header.Value);
        }

        return copy;
    }

    /// <summary>
    /// This request again as a new transaction in the same sequence (§8.1.3.5, §10.2.4): a copy with CSeq one higher,
    /// without its Via (the user agent stamps one with a fresh branch on the way out) and without credentials.
    /// </summary>
    public SipRequest NextInSequence()
    {
        var next = Clone();
        var number = CSeq?.Number ?? throw new InvalidOperationException("The request has no CSeq to continue.");
        next.Headers.Set(SipHeaderNames.CSeq, new SipCSeq(number + 1, Method).ToString());
        if (next.TopVia is not null)
        {
            next.RemoveTopVia();
        }

        next.Headers.Remove(SipHeaderNames.Authorization);
        next.Headers.Remove(SipHeaderNames.ProxyAuthorization);
        return next;
    }

    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{Method} {RequestUri} {Version}");
}
