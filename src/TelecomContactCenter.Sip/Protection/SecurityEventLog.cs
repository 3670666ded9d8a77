using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace TelecomContactCenter.Sip.Protection;

/// <summary>Why a source was struck or banned, as written in the security-event line's <c>reason=</c>.</summary>
public static class SecurityEventReasons
{
    /// <summary>A digest response that does not match the user's password (or a user that does not exist).</summary>
    public const string DigestFailed = "digest-failed";

    /// <summary>A request whose User-Agent is a known scanner's.</summary>
    public const string Scanner = "scanner";

    /// <summary>An INVITE from a source that is neither a trusted trunk nor a registered phone.</summary>
    public const string ForbiddenInvite = "forbidden-invite";

    /// <summary>A request so malformed that it was answered 400 Bad Request (RFC 3261 §21.4.1).</summary>
    public const string Malformed = "malformed";

    /// <summary>The source reached the strike threshold and is banned for the configured duration.</summary>
    public const string Banned = "banned";
}

/// <summary>
/// Security events as one structured line each, <c>security-event reason=R source=ADDRESS user=U</c>: in the
/// ordinary log (category <c>TelecomContactCenter.Security</c>) and, when <c>Sip:SecurityEvents:FilePath</c> is
/// set, appended to that file behind an ISO 8601 UTC timestamp, which is what the shipped fail2ban filter reads.
/// Callers keep the volume bounded (a source stops producing events once banned). Thread-safe: file appends are
/// serialised by a lock.
/// </summary>
public sealed partial class SecurityEventLog
{
    public const string Category = "TelecomContactCenter.Security";

    // A byte-order mark at the start of the file would hide the first line from fail2ban's date detection.
    private static readonly UTF8Encoding NoByteOrderMark = new(encoderShouldEmitUTF8Identifier: false);
    private readonly Lock _fileGate = new();
    private readonly string? _path;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    public SecurityEventLog(TimeProvider time, IOptions<SipProtectionOptions> options, ILoggerFactory loggers)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(loggers);
        _time = time;
        _logger = loggers.CreateLogger(Category);
        _path = string.IsNullOrWhiteSpace(options.Value.SecurityEvents.FilePath) ? null : options.Value.SecurityEvents.FilePath;
    }

    public void Write(string reason, IPAddress source, string? user)
    {
        ArgumentNullException.ThrowIfNull(source);
        var address = SourceAddress.Normalize(source).ToString();
        var userText = Clean(user);
        LogEvent(_logger, reason, address, userText);
        if (_path is null)
        {
            return;
        }

        var line = string.Create(CultureInfo.InvariantCulture,
            $"{_time.GetUtcNow():yyyy-MM-ddTHH:mm:ss.fffZ} security-event reason={reason} source={address} user={userText}\n");
        lock (_fileGate)
        {
            File.AppendAllText(_path, line, NoByteOrderMark);
        }
    }

    /// <summary>The user name as a single printable token: attacker-chosen text must not forge a second line.</summary>
    private static string Clean(string? user)
    {
        if (string.IsNullOrEmpty(user))
        {
            return "-";
        }

        var builder = new StringBuilder(Math.Min(user.Length, 64));
        foreach (var c in user.AsSpan(0, Math.Min(user.Length, 64)))
        {
            builder.Append(char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' or '+' or '@' ? c : '?');
        }

        return builder.ToString();
    }

    [LoggerMessage(EventId = 1300, Level = LogLevel.Warning,
        Message = "security-event reason={Reason} source={Source} user={User}")]
    private static partial void LogEvent(ILogger logger, string reason, string source, string user);
}
