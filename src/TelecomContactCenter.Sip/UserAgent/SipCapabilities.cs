using TelecomContactCenter.Sip.Messages;
using TelecomContactCenter.Sip.Transactions;

namespace TelecomContactCenter.Sip.UserAgent;

/// <summary>
/// What this UA supports, and the answers that say so: OPTIONS (§11.2), 405/501 (§8.2.1), 420 (§8.2.2.3). REGISTER
/// is listed when a registrar serves it through the host. Immutable.
/// </summary>
internal sealed class SipCapabilities(bool acceptsRegister)
{
    private const string CoreMethods = "INVITE, ACK, CANCEL, BYE, OPTIONS, INFO, UPDATE";

    private static readonly HashSet<string> KnownMethods =
        ["REGISTER", "SUBSCRIBE", "NOTIFY", "MESSAGE", "INFO", "UPDATE", "PRACK", "REFER", "PUBLISH"];

    /// <summary>The Allow header value.</summary>
    public string AllowedMethods { get; } = acceptsRegister ? CoreMethods + ", REGISTER" : CoreMethods;

    /// <summary>True for a method this UA handles; others get 405/501 before their headers and body are judged (§8.2.1).</summary>
    public bool Allows(string method) =>
        AllowedMethods.Split(", ").Contains(method, StringComparer.Ordinal);

    /// <summary>200 to an out-of-dialog OPTIONS with Allow, Accept and Server.</summary>
    public SipResponse CreateOptionsAnswer(SipRequest request, string productName)
    {
        var response = SipResponse.CreateFor(request, SipStatusCodes.Ok, toTag: SipIdentifiers.NewTag());
        response.Headers.Add(SipHeaderNames.Allow, AllowedMethods);
        response.Headers.Add(SipHeaderNames.Accept, "application/sdp");
        response.Headers.Add(SipHeaderNames.Server, productName);
        return response;
    }

    /// <summary>§8.2.2.3: a Require naming an extension we do not support gets 420 with Unsupported.</summary>
    public static bool RejectUnsupportedExtensions(ServerTransaction transaction)
    {
        var required = transaction.Request.Method == SipMethod.Cancel ? [] : transaction.Request.Headers.GetValues(SipHeaderNames.Require);
        var unsupported = required.Where(tag => tag.Length > 0).ToList();
        if (unsupported.Count == 0)
        {
            return false;
        }

        var response = SipResponse.CreateFor(transaction.Request, 420, toTag: SipIdentifiers.NewTag());
        response.Headers.Add(SipHeaderNames.Unsupported, string.Join(", ", unsupported));
        transaction.Respond(response);
        return true;
    }

    /// <summary>
    /// The UAS checks of RFC 3261 §8.2.2.1 and §8.2.3 on a new request: a Request-URI scheme other than sip, sips or
    /// tel gets 416; a body that is not SDP gets 415 with Accept; an INVITE whose Accept rules out SDP (the only
    /// answer it could get) gets 406. True when a response was sent. ACK, CANCEL and methods this UA does not handle
    /// (answered 405/501 instead) are never answered this way.
    /// </summary>
    public bool RejectUnacceptable(ServerTransaction transaction)
    {
        var request = transaction.Request;
        if (request.Method is SipMethod.Ack or SipMethod.Cancel || !Allows(request.Method))
        {
            return false;
        }

        if (request.RequestUri is not (SipUri or TelUri))
        {
            transaction.Respond(SipResponse.CreateFor(request, UnsupportedUriScheme, toTag: SipIdentifiers.NewTag()));
            return true;
        }

        if (!request.Body.IsEmpty && !IsSdp(request.Headers.Get(SipHeaderNames.ContentType)))
        {
            var unsupported = SipResponse.CreateFor(request, SipStatusCodes.UnsupportedMediaType, toTag: SipIdentifiers.NewTag());
            unsupported.Headers.Add(SipHeaderNames.Accept, "application/sdp");
            transaction.Respond(unsupported);
            return true;
        }

        if (request.Method == SipMethod.Invite && request.Headers.GetValues(SipHeaderNames.Accept) is { Count: > 0 } accepted
            && !accepted.SelectMany(v => v.Split(',')).Any(AcceptsSdp))
        {
            var notAcceptable = SipResponse.CreateFor(request, NotAcceptable, toTag: SipIdentifiers.NewTag());
            notAcceptable.Headers.Add(SipHeaderNames.Accept, "application/sdp");
            transaction.Respond(notAcceptable);
            return true;
        }

        return false;
    }

    private const int NotAcceptable = 406;
    private const int UnsupportedUriScheme = 416;

    private static bool IsSdp(string? contentType) =>
        contentType is not null
        && contentType.Split(';')[0].Trim().Equals("application/sdp", StringComparison.OrdinalIgnoreCase);

    private static bool AcceptsSdp(string range)
    {
        var type = range.Split(';')[0].Trim();
        return type.Length == 0
            || type.Equals("application/sdp", StringComparison.OrdinalIgnoreCase)
            || type.Equals("application/*", StringComparison.OrdinalIgnoreCase)
            || type == "*/*";
    }

    public void RespondUnsupported(ServerTransaction transaction)
    {
        if (transaction.LastResponse is { IsFinal: true })
        {
            return;
        }

        var known = KnownMethods.Contains(transaction.Request.Method);
        var response = SipResponse.CreateFor(transaction.Request,
            known ? SipStatusCodes.MethodNotAllowed : SipStatusCodes.NotImplemented,
            toTag: transaction.Request.To?.Tag is null ? SipIdentifiers.NewTag() : null);
        response.Headers.Add(SipHeaderNames.Allow, AllowedMethods);
        transaction.Respond(response);
    }
}
