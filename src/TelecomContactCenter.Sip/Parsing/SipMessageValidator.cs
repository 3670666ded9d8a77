using System.Globalization;
using TelecomContactCenter.Sip.Messages;

namespace TelecomContactCenter.Sip.Parsing;

/// <summary>
/// Checks, after framing, what RFC 3261 requires of every message a UA acts on: the mandatory headers parse,
/// scalar values are in range, the Request-URI carries no headers and the CSeq method matches the request.
/// </summary>
internal static class SipMessageValidator
{
    private static readonly string[] Mandatory =
        [SipHeaderNames.Via, SipHeaderNames.From, SipHeaderNames.To, SipHeaderNames.CallId, SipHeaderNames.CSeq];

    public static (string? Error, int Status) Validate(SipMessage message)
    {
        try
        {
            foreach (var name in Mandatory)
            {
                if (!message.Headers.Contains(name))
                {
                    return ($"Missing {name} header.", SipStatusCodes.BadRequest);
                }
            }

            CheckCore(message);
            _ = message.MaxForwards;
            _ = message.Contacts;
            _ = message.Routes;
            _ = message.RecordRoutes;
            CheckDate(message.Headers.Get(SipHeaderNames.Date));
            if (message is SipRequest request)
            {
                if (request.CSeq!.Value.Method != request.Method)
                {
                    return ("CSeq method does not match the request method.", SipStatusCodes.BadRequest);
                }

                if (request.RequestUri is SipUri { Headers.Count: > 0 })
                {
                    return ("The Request-URI may not contain headers.", SipStatusCodes.BadRequest);
                }
            }

            return (null, 0);
        }
        catch (SipParseException ex)
        {
            return (ex.Message, SipStatusCodes.BadRequest);
        }
    }

    /// <summary>Whether a response can be built: Via, Call-ID, CSeq, From and To all parse.</summary>
    public static bool CanRespond(SipRequest request)
    {
        try
        {
            // The CSeq line is copied verbatim into the response, so an out-of-range number does not prevent it.
            var cseq = request.Headers.Get(SipHeaderNames.CSeq)?.Trim().Split(' ', 2, StringSplitOptions.TrimEntries);
            if (cseq is not [var number, var method] || !SipGrammar.IsDigits(number) || !SipGrammar.IsToken(method))
            {
                return false;
            }

            return request.TopVia is not null && request.From is not null && request.To is not null
                && request.Headers.GetLines(SipHeaderNames.CallId) is [var callId] && IsCallId(callId.Trim());
        }
        catch (SipParseException)
        {
            return false;
        }
    }

    private static void CheckCore(SipMessage message)
    {
        var vias = message.Vias;
        if (vias.Count == 0)
        {
            throw new SipParseException("Missing Via header.");
        }

        _ = message.From ?? throw new SipParseException("Missing From header.");
        _ = message.To ?? throw new SipParseException("Missing To header.");
        _ = message.CSeq ?? throw new SipParseException("Missing CSeq header.");
        if (message.Headers.GetLines(SipHeaderNames.CallId) is not [var callId] || !IsCallId(callId.Trim()))
        {
            throw new SipParseException("Call-ID must be one word[@word].");
        }
    }

    private static bool IsCallId(string callId)
    {
        var at = callId.IndexOf('@', StringComparison.Ordinal);
        return at < 0
            ? SipGrammar.IsWord(callId)
            : SipGrammar.IsWord(callId.AsSpan(0, at)) && SipGrammar.IsWord(callId.AsSpan(at + 1));
    }

    private static void CheckDate(string? date)
    {
        if (date is not null && !DateTimeOffset.TryParseExact(
                date.Trim(), "ddd, dd MMM yyyy HH:mm:ss 'GMT'", CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal, out _))
        {
            throw new SipParseException("Date must be an RFC 1123 date in GMT.");
        }
    }
}
