using System.Security.Cryptography;
using System.Text;
using TelecomContactCenter.Sip.Messages;

namespace TelecomContactCenter.Sip.Authentication;

/// <summary>
/// The client side of digest authentication (RFC 3261 §22.2, RFC 2617, RFC 8760 for SHA-256): answers a 401 or 407
/// to a request we sent with the same request again, CSeq one higher and a new branch, carrying Authorization or
/// Proxy-Authorization for the challenge. Used where the service itself places calls through a trunk that challenges.
/// </summary>
public static class DigestChallengeAnswer
{
    /// <summary>
    /// The request to send in answer to <paramref name="challenge"/>, or null when the response carries no digest
    /// challenge we can answer: none, an algorithm other than MD5 or SHA-256, a qop that does not offer "auth"
    /// (auth-int would need the body hashed; we do not offer it), or a challenge for another realm than
    /// <paramref name="realm"/> when one is given. When several challenges are offered, SHA-256 is preferred.
    /// </summary>
    public static SipRequest? TryAnswer(SipRequest sent, SipResponse challenge, string userName, string password, string? realm = null)
    {
        ArgumentNullException.ThrowIfNull(sent);
        ArgumentNullException.ThrowIfNull(challenge);
        var (challengeHeader, answerHeader) = challenge.StatusCode switch
        {
            SipStatusCodes.Unauthorized => (SipHeaderNames.WwwAuthenticate, SipHeaderNames.Authorization),
            SipStatusCodes.ProxyAuthenticationRequired => (SipHeaderNames.ProxyAuthenticate, SipHeaderNames.ProxyAuthorization),
            _ => (null, null),
        };
        if (challengeHeader is null || answerHeader is null || sent.CSeq is null)
        {
            return null;
        }

        Offer? chosen = null;
        foreach (var line in challenge.Headers.GetLines(challengeHeader))
        {
            if (Read(line) is { } offer && (realm is null || string.Equals(offer.Realm, realm, StringComparison.Ordinal))
                && (chosen is null || (offer.Algorithm == DigestAlgorithm.Sha256 && chosen.Algorithm != DigestAlgorithm.Sha256)))
            {
                chosen = offer;
            }
        }

        if (chosen is null)
        {
            return null;
        }

        var next = sent.NextInSequence();
        next.Headers.Add(answerHeader, Credentials(chosen, sent.Method, sent.RequestUri.ToString(), userName, password));
        return next;
    }

    /// <summary>
    /// What to send after <paramref name="response"/> to <paramref name="sent"/> when it is a challenge worth
    /// answering: the first, or after one answer only a challenge that says the nonce was stale (another plain
    /// challenge means the credentials were refused). Null when the exchange is over.
    /// </summary>
    public static SipRequest? Next(SipRequest sent, SipResponse response, int answered, string userName, string password)
    {
        ArgumentNullException.ThrowIfNull(response);
        return response.StatusCode is SipStatusCodes.Unauthorized or SipStatusCodes.ProxyAuthenticationRequired
            && (answered == 0 || (answered == 1 && IsStale(response)))
                ? TryAnswer(sent, response, userName, password)
                : null;
    }

    /// <summary>True when <paramref name="challenge"/> says the nonce we answered was only stale (RFC 2617 §3.2.1).</summary>
    public static bool IsStale(SipResponse challenge)
    {
        ArgumentNullException.ThrowIfNull(challenge);
        return challenge.Headers.GetLines(SipHeaderNames.WwwAuthenticate).Concat(challenge.Headers.GetLines(SipHeaderNames.ProxyAuthenticate))
            .Any(line => DigestParameters.TryParse(line, out _, out var parameters)
                && parameters.TryGetValue("stale", out var stale) && stale.Equals("true", StringComparison.OrdinalIgnoreCase));
    }

    private static Offer? Read(string line)
    {
        if (!DigestParameters.TryParse(line, out var scheme, out var parameters) || !scheme.Equals("Digest", StringComparison.OrdinalIgnoreCase)
            || !parameters.TryGetValue("realm", out var realm) || !parameters.TryGetValue("nonce", out var nonce))
        {
            return null;
        }

        var algorithm = DigestAlgorithm.Md5;
        if (parameters.TryGetValue("algorithm", out var token) && !DigestHash.TryParseToken(token, out algorithm))
        {
            return null;
        }

        string? qop = null;
        if (parameters.TryGetValue("qop", out var offered))
        {
            if (!offered.Split(',', StringSplitOptions.TrimEntries).Contains("auth", StringComparer.OrdinalIgnoreCase))
            {
                return null;
            }

            qop = "auth";
        }

        return new Offer(realm, nonce, parameters.GetValueOrDefault("opaque"), algorithm, qop);
    }

    private static string Credentials(Offer offer, string method, string uri, string userName, string password)
    {
        var ha1 = DigestHash.Ha1(offer.Algorithm, userName, offer.Realm, password);
        var text = new StringBuilder("Digest ");
        text.Append("username=\"").Append(Escape(userName)).Append("\", realm=\"").Append(Escape(offer.Realm))
            .Append("\", nonce=\"").Append(Escape(offer.Nonce)).Append("\", uri=\"").Append(Escape(uri)).Append('"');
        if (offer.Qop is { } qop)
        {
            // One request per nonce here (a fresh challenge for each), so the nonce count is always 1.
            const string NonceCount = "00000001";
            var clientNonce = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
            var response = DigestHash.Response(offer.Algorithm, ha1, offer.Nonce, method, uri, qop, NonceCount, clientNonce);
            text.Append(", response=\"").Append(response).Append("\", qop=").Append(qop)
                .Append(", nc=").Append(NonceCount).Append(", cnonce=\"").Append(clientNonce).Append('"');
        }
        else
        {
            text.Append(", response=\"").Append(DigestHash.Response(offer.Algorithm, ha1, offer.Nonce, method, uri, null, null, null)).Append('"');
        }

        text.Append(", algorithm=").Append(DigestHash.Token(offer.Algorithm));
        if (offer.Opaque is { } opaque)
        {
            text.Append(", opaque=\"").Append(Escape(opaque)).Append('"');
        }

        return text.ToString();
    }

    private static string Escape(string value) => value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal);

    private sealed record Offer(string Realm, string Nonce, string? Opaque, DigestAlgorithm Algorithm, string? Qop);
}
