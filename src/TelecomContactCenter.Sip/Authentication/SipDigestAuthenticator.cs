using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace TelecomContactCenter.Sip.Authentication;

/// <summary>
/// Server side of SIP digest authentication (RFC 3261 §22.4, RFC 2617, RFC 7616). Stateless apart from the
/// bounded nc and failure caches it delegates to, which are thread-safe; everything else here is immutable.
/// </summary>
public sealed class SipDigestAuthenticator
{
    private readonly ISipCredentialStore _store;
    private readonly DigestNonces _nonces;
    private readonly NonceCountCache _nonceCounts;
    private readonly AuthenticationFailureTracker _failures;
    private readonly string _realm;
    private readonly bool _allowWithoutQop;
    private readonly bool _requireUriMatch;
    private readonly IReadOnlyList<DigestAlgorithm> _algorithms;
    private readonly IReadOnlyDictionary<string, IReadOnlyList<DigestAlgorithm>> _userAlgorithms;
    private readonly string _opaque = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
    private readonly SipCredential _decoy;

    public SipDigestAuthenticator(
        ISipCredentialStore store,
        DigestNonces nonces,
        NonceCountCache nonceCounts,
        AuthenticationFailureTracker failures,
        IOptions<DigestOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _store = store;
        _nonces = nonces;
        _nonceCounts = nonceCounts;
        _failures = failures;
        _realm = options.Value.Realm;
        _allowWithoutQop = options.Value.AllowResponsesWithoutQop;
        _requireUriMatch = options.Value.RequireMatchingDigestUri;
        _algorithms = options.Value.ParsedAlgorithms();
        _userAlgorithms = options.Value.ParsedUserAlgorithms();
        _decoy = SipCredential.FromPassword("decoy", _realm, Convert.ToHexString(RandomNumberGenerator.GetBytes(16)));
    }

    public string Realm => _realm;

    /// <summary>
    /// Checks the Authorization values of a request against the store. Wrong responses (and unknown users, so user
    /// names cannot be probed) count as failures; missing, foreign, stale or replayed credentials only re-challenge.
    /// <paramref name="claimedUser"/> (the From user) picks the challenges of a user with their own algorithms.
    /// </summary>
    public ValueTask<DigestOutcome> AuthenticateAsync(
        string method,
        string requestUri,
        IReadOnlyList<string> authorizationValues,
        IPAddress source,
        CancellationToken ct) =>
        AuthenticateAsync(method, requestUri, authorizationValues, source, claimedUser: null, ct);

    /// <inheritdoc cref="AuthenticateAsync(string, string, IReadOnlyList{string}, IPAddress, CancellationToken)"/>
    public async ValueTask<DigestOutcome> AuthenticateAsync(
        string method,
        string requestUri,
        IReadOnlyList<string> authorizationValues,
        IPAddress source,
        string? claimedUser,
        CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(authorizationValues);
        var value = FindValueForRealm(authorizationValues);
        if (value is null)
        {
            return Challenge(stale: false, claimedUser);
        }

        // RFC 2617 §3.2.2.5: credentials computed for another Request-URI are answered 400, not re-challenged.
        if (!DigestAuthorization.TryParse(value, out var credentials) || credentials is null
            || (_requireUriMatch && !SameUri(credentials.DigestUri, requestUri)))
        {
            return DigestOutcome.Malformed;
        }

        if (_failures.IsBlocked(credentials.UserName, source))
        {
            return DigestOutcome.Forbidden(credentials.UserName);
        }

        if (!AlgorithmsFor(credentials.UserName).Contains(credentials.Algorithm)
            || (credentials.Qop is null && !_allowWithoutQop)
            || (credentials.Opaque is not null && credentials.Opaque != _opaque))
        {
            return Challenge(stale: false, credentials.UserName);
        }

        var validity = _nonces.Check(credentials.Nonce, out var issuedAt);
        if (validity == NonceValidity.Invalid)
        {
            return Challenge(stale: false, credentials.UserName);
        }

        var stored = await _store.FindAsync(credentials.UserName, ct).ConfigureAwait(false);
        if (stored is null || stored.Realm != _realm)
        {
            // Same hashing work as for a real user, so response time does not tell which user names exist.
            ResponseMatches(credentials, _decoy, method);
            stored = null;
        }

        if (stored is null || !ResponseMatches(credentials, stored, method))
        {
            return _failures.RecordFailure(credentials.UserName, source)
                ? DigestOutcome.Forbidden(credentials.UserName)
                : Challenge(stale: false, credentials.UserName);
        }

        // The password was right; only the nonce was old or reused, so the client may retry without asking the user.
        if (validity == NonceValidity.Expired
            || (credentials.Qop is not null
                && !_nonceCounts.TryAdvance(credentials.Nonce, issuedAt, credentials.NonceCount)))
        {
            return Challenge(stale: true, credentials.UserName);
        }

        _failures.RecordSuccess(credentials.UserName, source);
        return DigestOutcome.Authenticated(credentials.UserName);
    }

    /// <summary>
    /// A 401's WWW-Authenticate values: one per algorithm offered to <paramref name="userName"/> (the configured
    /// default for anyone else), in preference order, sharing a nonce.
    /// </summary>
    public DigestOutcome Challenge(bool stale, string? userName = null)
    {
        var nonce = _nonces.Issue();
        var algorithms = AlgorithmsFor(userName);
        var challenges = new string[algorithms.Count];
        for (var i = 0; i < challenges.Length; i++)
        {
            var builder = new StringBuilder(160)
                .Append("Digest realm=\"").Append(_realm)
                .Append("\", nonce=\"").Append(nonce)
                .Append("\", opaque=\"").Append(_opaque)
                .Append("\", algorithm=").Append(DigestHash.Token(algorithms[i]))
                .Append(", qop=\"auth\"");
            if (stale)
            {
                builder.Append(", stale=true");
            }

            challenges[i] = builder.ToString();
        }

        return new DigestOutcome(DigestOutcomeKind.Challenge, null, challenges) { IsStale = stale };
    }

    private IReadOnlyList<DigestAlgorithm> AlgorithmsFor(string? userName) =>
        userName is not null && _userAlgorithms.TryGetValue(userName, out var own) ? own : _algorithms;

    private string? FindValueForRealm(IReadOnlyList<string> values)
    {
        string? fallback = null;
        foreach (var value in values)
        {
            if (!value.AsSpan().TrimStart().StartsWith("Digest", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            if (!DigestParameters.TryParse(value, out _, out var parameters))
            {
                fallback ??= value;
                continue;
            }

            // Credentials for another realm belong to some other server on the path (RFC 3261 §22.3).
            if (parameters.TryGetValue("realm", out var realm) && realm == _realm)
            {
                return value;
            }
        }

        return fallback;
    }

    private static bool SameUri(string digestUri, string requestUri) =>
        string.Equals(digestUri, requestUri, StringComparison.OrdinalIgnoreCase)
        || (Messages.AddressUri.TryParse(digestUri, out var a) && Messages.AddressUri.TryParse(requestUri, out var b)
            && string.Equals(a!.ToString(), b!.ToString(), StringComparison.OrdinalIgnoreCase));

    private static bool ResponseMatches(DigestAuthorization credentials, SipCredential stored, string method)
    {
        var expected = DigestHash.Response(
            credentials.Algorithm,
            stored.Ha1(credentials.Algorithm),
            credentials.Nonce,
            method,
            credentials.DigestUri,
            credentials.Qop,
            credentials.NonceCountText,
            credentials.ClientNonce);
        return CryptographicOperations.FixedTimeEquals(
            Encoding.ASCII.GetBytes(expected),
            Encoding.ASCII.GetBytes(credentials.Response));
    }
}
