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
