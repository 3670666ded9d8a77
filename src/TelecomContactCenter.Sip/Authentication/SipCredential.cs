namespace TelecomContactCenter.Sip.Authentication;

/// <summary>
/// What the registrar may know about a user's password: HA1 = H(user:realm:password) per algorithm, never the
/// password itself. ToString leaves the hashes out so a log line cannot leak them.
/// </summary>
public sealed record SipCredential(string UserName, string Realm, string Md5Ha1, string Sha256Ha1)
{
    public static SipCredential FromPassword(string userName, string realm, string password) => new(
        userName,
        realm,
        DigestHash.Ha1(DigestAlgorithm.Md5, userName, realm, password),
        DigestHash.Ha1(DigestAlgorithm.Sha256, userName, realm, password));

    public string Ha1(DigestAlgorithm algorithm) => algorithm == DigestAlgorithm.Sha256 ? Sha256Ha1 : Md5Ha1;

    public override string ToString() => $"SipCredential {{ UserName = {UserName}, Realm = {Realm} }}";
}

/// <summary>The user store the registrar authenticates against.</summary>
public interface ISipCredentialStore
{
    ValueTask<SipCredential?> FindAsync(string userName, CancellationToken ct);
}

/// <summary>
/// A fixed credential set built from user/password pairs, for tests and the demo. Immutable after construction,
/// so it is safe to share between threads.
/// </summary>
public sealed class InMemorySipCredentialStore : ISipCredentialStore
{
    public const string DemoPassword = "ContactCenter!1";

    private readonly Dictionary<string, SipCredential> _credentials;

    public InMemorySipCredentialStore(string realm, IEnumerable<KeyValuePair<string, string>> userPasswords)
    {
        ArgumentNullException.ThrowIfNull(userPasswords);
        _credentials = userPasswords.ToDictionary(
            pair => pair.Key,
            pair => SipCredential.FromPassword(pair.Key, realm, pair.Value),
            StringComparer.Ordinal);
    }

    /// <summary>The demo agents agent1…agent5, all with <see cref="DemoPassword"/>.</summary>
    public static InMemorySipCredentialStore CreateDemo(string realm) => new(
        realm,
        Enumerable.Range(1, 5).Select(i => KeyValuePair.Create($"agent{i}", DemoPassword)));

    public ValueTask<SipCredential?> FindAsync(string userName, CancellationToken ct) =>
        ValueTask.FromResult(_credentials.GetValueOrDefault(userName));
}
