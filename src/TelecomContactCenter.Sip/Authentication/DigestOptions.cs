using Microsoft.Extensions.Options;

namespace TelecomContactCenter.Sip.Authentication;

/// <summary>Digest authentication settings, section <c>Sip:Digest</c>.</summary>
public sealed class DigestOptions
{
    public const string SectionName = "Sip:Digest";

    public string Realm { get; set; } = "contactcenter";

    /// <summary>
    /// Offered in this order, one challenge each, and the only ones accepted; tokens as in RFC 7616 ("SHA-256",
    /// "MD5"). Empty means MD5 alone (the list starts empty because configuration binding appends to a pre-filled
    /// list): phones on libre (baresip 1.0) give up on a 401 that carries any SHA-256 challenge, wherever it stands,
    /// and sipp 3.6 answers only the first challenge and only when it is MD5.
    /// </summary>
    public IList<string> Algorithms { get; } = [];

    /// <summary>
    /// Per SIP user, the algorithms offered and accepted instead of <see cref="Algorithms"/> (for example
    /// <c>Sip:Digest:UserAlgorithms:agent2:0 = SHA-256</c>): a phone that answers SHA-256 gets it, without taking MD5
    /// away from the phones that cannot. The user is read from the request's From before it has credentials.
    /// </summary>
    public IDictionary<string, List<string>> UserAlgorithms { get; } = new Dictionary<string, List<string>>(StringComparer.Ordinal);

    public TimeSpan NonceLifetime { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Accept responses without qop (RFC 2069 clients).</summary>
    public bool AllowResponsesWithoutQop { get; set; } = true;

    /// <summary>
    /// Answer 400 when the digest uri is not the Request-URI (RFC 2617 §3.2.2.5); switch off only for phones that
    /// rewrite it.
    /// </summary>
    public bool RequireMatchingDigestUri { get; set; } = true;

    /// <summary>Consecutive failures per user and source address after which the answer is 403, not 401.</summary>
    public int MaxFailures { get; set; } = 5;

    /// <summary>A failure streak older than this is forgotten, which also lifts a 403 block.</summary>
    public TimeSpan FailureWindow { get; set; } = TimeSpan.FromMinutes(10);

    public int MaxTrackedNonces { get; set; } = 10_000;

    public int MaxTrackedFailureKeys { get; set; } = 10_000;

    internal IReadOnlyList<DigestAlgorithm> ParsedAlgorithms() => Parse(Algorithms, "Algorithms") is { Count: > 0 } list
        ? list
        : [DigestAlgorithm.Md5];

    internal IReadOnlyDictionary<string, IReadOnlyList<DigestAlgorithm>> ParsedUserAlgorithms() =>
        UserAlgorithms.Where(pair => pair.Value.Count > 0).ToDictionary(
            pair => pair.Key,
            pair => Parse(pair.Value, $"UserAlgorithms:{pair.Key}"),
            StringComparer.Ordinal);

    private static IReadOnlyList<DigestAlgorithm> Parse(IEnumerable<string> tokens, string key) =>
        [.. tokens.Select(token => DigestHash.TryParseToken(token, out var a)
            ? a
            : throw new InvalidOperationException($"{SectionName}:{key} has an unknown algorithm '{token}'."))];
}

public sealed class DigestOptionsValidator : IValidateOptions<DigestOptions>
{
    public ValidateOptionsResult Validate(string? name, DigestOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.Realm) || options.Realm.Contains('"', StringComparison.Ordinal))
        {
            failures.Add($"{DigestOptions.SectionName}:Realm must be a non-empty string without quotes.");
        }

        for (var i = 0; i < options.Algorithms.Count; i++)
        {
            if (options.Algorithms[i] is null || !DigestHash.TryParseToken(options.Algorithms[i], out _))
            {
                failures.Add($"{DigestOptions.SectionName}:Algorithms:{i} must be SHA-256 or MD5.");
            }
        }

        foreach (var (user, algorithms) in options.UserAlgorithms)
        {
            for (var i = 0; i < algorithms.Count; i++)
            {
                if (algorithms[i] is null || !DigestHash.TryParseToken(algorithms[i], out _))
                {
                    failures.Add($"{DigestOptions.SectionName}:UserAlgorithms:{user}:{i} must be SHA-256 or MD5.");
                }
            }
        }

        if (options.NonceLifetime <= TimeSpan.Zero)
        {
            failures.Add($"{DigestOptions.SectionName}:NonceLifetime must be positive.");
        }

        if (options.MaxFailures < 1)
        {
            failures.Add($"{DigestOptions.SectionName}:MaxFailures must be at least 1.");
        }

        if (options.FailureWindow <= TimeSpan.Zero)
        {
            failures.Add($"{DigestOptions.SectionName}:FailureWindow must be positive.");
        }

        if (options.MaxTrackedNonces < 1 || options.MaxTrackedFailureKeys < 1)
        {
            failures.Add($"{DigestOptions.SectionName}:MaxTrackedNonces and MaxTrackedFailureKeys must be at least 1.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
