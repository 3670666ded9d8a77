using Microsoft.AspNetCore.Http.HttpResults;

namespace TelecomContactCenter.Server.Web;

/// <summary>
/// Stable codes for the refusals a screen shows, so the desktop can say them in the agent's language. A ProblemDetails
/// carries its code in the <c>code</c> extension; a hub refusal starts its message with the code in brackets,
/// <c>[call.notYours] Call … is not one of your calls.</c>. The sentence after the code is English for logs and API
/// clients; the desktop shows its own text for a code it knows and this sentence only for one it does not.
/// Codes are <c>area.reason</c> in camelCase; docs/server.md lists them.
/// </summary>
internal static class Refusal
{
    /// <summary>
    /// Every code the server sends. wwwroot/js/i18n/refusals.js has the text of each in both locales; a test checks
    /// that every code the sources use is listed here and translated there.
    /// </summary>
    public static readonly IReadOnlyList<string> Codes =
    [
        "request.missingId", "request.invalidFields",
        "call.notOffered", "call.notYours", "call.wrongState", "call.holdOnPhone", "call.holdUnavailable",
        "status.unknown", "status.breakNeedsReason",
        "offer.unknownOutcome", "offer.notShown",
        "wrapUp.dispositionInvalid", "wrapUp.incomplete", "notes.tooLong",
        "customer.notFound",
        "complaint.noCustomer", "complaint.invalidFields", "complaint.duplicate", "complaint.conflict", "complaint.unknownTrigger",
        "complaint.notPermitted", "complaint.mergeNeedsTarget", "complaint.unknownRootCause", "complaint.notFound", "complaint.notYours",
        "complaint.reasonRequired", "complaint.invalid", "complaint.refused",
        "reason.unknownKind", "reason.unknownCode", "reason.noteTooLong", "reason.callIdTooLong", "reason.refused",
        "discount.invalid", "discount.rejectionNeedsNote", "discount.noteTooLong", "discount.notFound", "discount.alreadyDecided",
        "discount.unprofitable", "discount.tierCap", "discount.months", "discount.belowCost",
    ];

    /// <summary>The ProblemDetails extension that holds the code.</summary>
    public const string Extension = "code";

    /// <summary>A hub refusal's message: the code in brackets, then the sentence.</summary>
    public static string HubMessage(string code, string message) => $"[{code}] {message}";

    /// <summary>A ProblemDetails response with the code beside any other extensions.</summary>
    public static ProblemHttpResult Problem(string? detail, int status, string? code, IDictionary<string, object?>? extensions = null)
    {
        var all = new Dictionary<string, object?>(extensions ?? new Dictionary<string, object?>());
        if (code is not null)
        {
            all[Extension] = code;
        }

        return TypedResults.Problem(detail, statusCode: status, extensions: all);
    }
}
