namespace TelecomContactCenter.Sip.Authentication;

public enum DigestOutcomeKind
{
    /// <summary>Credentials verified; <see cref="DigestOutcome.UserName"/> is the authenticated user.</summary>
    Authenticated,

    /// <summary>Answer 401 with <see cref="DigestOutcome.Challenges"/> as WWW-Authenticate values.</summary>
    Challenge,

    /// <summary>Too many consecutive failures from this user and source: answer 403.</summary>
    Forbidden,

    /// <summary>An Authorization header for our realm that cannot be parsed: answer 400.</summary>
    Malformed,
}

/// <summary>What the registrar should answer after checking a request's credentials.</summary>
public sealed record DigestOutcome(DigestOutcomeKind Kind, string? UserName, IReadOnlyList<string> Challenges)
{
    public bool IsStale { get; init; }

    public static DigestOutcome Authenticated(string userName) => new(DigestOutcomeKind.Authenticated, userName, []);

    public static DigestOutcome Forbidden(string userName) => new(DigestOutcomeKind.Forbidden, userName, []);

    public static DigestOutcome Malformed { get; } = new(DigestOutcomeKind.Malformed, null, []);
}
