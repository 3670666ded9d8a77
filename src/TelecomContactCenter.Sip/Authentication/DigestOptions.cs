using Microsoft.Extensions.Options;

namespace TelecomContactCenter.Sip.Authentication;

/// <summary>Digest authentication settings, section <c>Sip:Digest</c>.</summary>
public sealed class DigestOptions
{
    public const string SectionName = "Sip:Digest";

    public string Realm { get; set; } = "contactcenter";

    /// <summary>
    /// Offered in this order, one challenge each; tokens as in RFC 7616 ("SHA-256", "MD5"). Empty means SHA-256 then
    /// MD5 (the list starts empty because configuration binding appends to a pre-filled list).
    /// </summary>
    public IList<string> Algorithms { get; } = [];

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

    internal IReadOnlyList<DigestAlgorithm> ParsedAlgorithms() => Algorithms.Count == 0
        ? [DigestAlgorithm.Sha256, DigestAlgorithm.Md5]
        : [.. Algorithms.Select(token => DigestHash.TryParseToken(token, out var a)
            ? a
            : throw new InvalidOperationException($"Sip:Digest:Algorithms has an unknown algorithm '{token}'."))];
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
