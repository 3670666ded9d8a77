using System.Globalization;

namespace TelecomContactCenter.Sip.Authentication;

/// <summary>The digest-response carried in an Authorization header (RFC 3261 §22.4, RFC 2617 §3.2.2).</summary>
public sealed record DigestAuthorization
{
    public required string UserName { get; init; }

    public required string Realm { get; init; }

    public required string Nonce { get; init; }

    public required string DigestUri { get; init; }

    public required string Response { get; init; }

    public required DigestAlgorithm Algorithm { get; init; }

    /// <summary>"auth", or null for an RFC 2069 response without qop.</summary>
    public string? Qop { get; init; }

    /// <summary>The nc value as sent (8 hex digits); the response is computed over this exact text.</summary>
    public string? NonceCountText { get; init; }

    public uint NonceCount { get; init; }

    public string? ClientNonce { get; init; }

    public string? Opaque { get; init; }

    /// <summary>
    /// Parses one Authorization value. Returns false for another scheme, missing directives, an unknown algorithm,
    /// a qop other than "auth", or qop without cnonce and an 8-hex-digit nc.
    /// </summary>
    public static bool TryParse(string value, out DigestAuthorization? authorization)
    {
        authorization = null;
        if (!DigestParameters.TryParse(value, out var scheme, out var p)
            || !scheme.Equals("Digest", StringComparison.OrdinalIgnoreCase)
            || !p.TryGetValue("username", out var userName)
            || !p.TryGetValue("realm", out var realm)
            || !p.TryGetValue("nonce", out var nonce)
            || !p.TryGetValue("uri", out var uri)
            || !p.TryGetValue("response", out var response)
            || userName.Length == 0
            || !DigestHash.TryParseToken(p.GetValueOrDefault("algorithm"), out var algorithm)
            || response.Length != DigestHash.HexLength(algorithm)
            || !IsHex(response))
        {
            return false;
        }

        var qop = p.GetValueOrDefault("qop");
        var ncText = p.GetValueOrDefault("nc");
        var cnonce = p.GetValueOrDefault("cnonce");
        uint nc = 0;
        if (qop is not null)
        {
            if (!qop.Equals("auth", StringComparison.OrdinalIgnoreCase)
                || string.IsNullOrEmpty(cnonce)
                || ncText is not { Length: 8 }
                || !uint.TryParse(ncText, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out nc)
                || nc == 0)
            {
                return false;
            }
        }

        authorization = new DigestAuthorization
        {
            UserName = userName,
            Realm = realm,
            Nonce = nonce,
            DigestUri = uri,
            Response = response.ToLowerInvariant(),
            Algorithm = algorithm,
            Qop = qop,
            NonceCountText = qop is null ? null : ncText,
            NonceCount = nc,
            ClientNonce = qop is null ? null : cnonce,
            Opaque = p.GetValueOrDefault("opaque"),
        };
        return true;
    }

    private static bool IsHex(string text)
    {
        foreach (var c in text)
        {
            if (!char.IsAsciiHexDigit(c))
            {
                return false;
            }
        }

        return true;
    }
}
