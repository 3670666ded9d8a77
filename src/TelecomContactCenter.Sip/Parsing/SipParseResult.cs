using TelecomContactCenter.Sip.Messages;

namespace TelecomContactCenter.Sip.Parsing;

/// <summary>
/// The outcome of parsing one message. On success <see cref="Error"/> is null. On failure <see cref="Message"/> is
/// still set when enough of a request was read to answer it (request line, Via, Call-ID, CSeq, From and To):
/// the receiver then answers with <see cref="StatusCode"/> (400, or 505 for another SIP version).
/// </summary>
public sealed record SipParseResult
{
    public SipMessage? Message { get; init; }

    public string? Error { get; init; }

    public int StatusCode { get; init; } = SipStatusCodes.BadRequest;

    /// <summary>Octets this message took from the input (start of the next message on a stream).</summary>
    public int BytesConsumed { get; init; }

    public bool IsSuccess => Error is null && Message is not null;

    /// <summary>True when the message is invalid but a response can still be formed from <see cref="Message"/>.</summary>
    public bool CanRespond => Error is not null && Message is SipRequest;

    public static SipParseResult Failed(string error, int consumed = 0) => new() { Error = error, BytesConsumed = consumed };
}
