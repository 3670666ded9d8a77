using System.Globalization;

namespace TelecomContactCenter.Sip.Messages;

/// <summary>A SIP response (RFC 3261 §7.2).</summary>
public sealed class SipResponse : SipMessage
{
    public SipResponse(int statusCode, string? reasonPhrase = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(statusCode, 100);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(statusCode, 699);
        StatusCode = statusCode;
        ReasonPhrase = reasonPhrase ?? SipStatusCodes.ReasonPhrase(statusCode);
    }

    public int StatusCode { get; }

    public string ReasonPhrase { get; }

    public bool IsProvisional => StatusCode < 200;

    public bool IsSuccess => StatusCode is >= 200 and < 300;

    public bool IsFinal => StatusCode >= 200;

    /// <summary>
    /// A response to <paramref name="request"/> per RFC 3261 §8.2.6: Via (all, in order), From, Call-ID and CSeq
    /// copied, To copied with <paramref name="toTag"/> added when the request had none (never on 100 Trying).
    /// </summary>
    public static SipResponse CreateFor(SipRequest request, int statusCode, string? reasonPhrase = null, string? toTag = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        var response = new SipResponse(statusCode, reasonPhrase);
        foreach (var via in request.Headers.GetLines(SipHeaderNames.Via))
        {
            response.Headers.Add(SipHeaderNames.Via, via);
        }

        CopyHeader(request, response, SipHeaderNames.From);
        var to = request.Headers.Get(SipHeaderNames.To);
        if (to is not null)
        {
            var addTag = statusCode != 100 && toTag is not null;
            response.Headers.Add(SipHeaderNames.To, addTag ? AddTag(to, toTag!) : to);
        }

        CopyHeader(request, response, SipHeaderNames.CallId);
        CopyHeader(request, response, SipHeaderNames.CSeq);
        if (statusCode == 100)
        {
            CopyHeader(request, response, SipHeaderNames.Timestamp);
        }

        return response;
    }

    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{Version} {StatusCode} {ReasonPhrase}");

    private static string AddTag(string to, string tag)
    {
        var address = NameAddress.Parse(to);
        return address.Tag is null ? address.WithTag(tag).ToString() : to;
    }

    private static void CopyHeader(SipRequest request, SipResponse response, string name)
    {
        if (request.Headers.Get(name) is { } value)
        {
            response.Headers.Add(name, value);
        }
    }
}
