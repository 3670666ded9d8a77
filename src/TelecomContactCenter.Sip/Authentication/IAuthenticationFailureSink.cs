using System.Net;

namespace TelecomContactCenter.Sip.Authentication;

/// <summary>Told of every wrong digest response (not of challenges, stale nonces or replays).</summary>
public interface IAuthenticationFailureSink
{
    void OnDigestFailure(string userName, IPAddress source);
}
