using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.Options;
using TelecomContactCenter.Media.Playback;
using TelecomContactCenter.Media.Ports;
using TelecomContactCenter.Media.Rtp;

namespace TelecomContactCenter.Media.Calls;

/// <summary>Opens the media for a new call. Stateless apart from the shared allocator and clock it hands out.</summary>
public sealed class CallMediaFactory(RtpSessionFactory sessions, PacingScheduler scheduler, IOptions<MediaOptions> options)
{
    /// <summary>
    /// False when the RTP port range is exhausted, or for an answered call's leg when answered calls hold their
    /// share of it; the SIP layer then answers 503.
    /// </summary>
    public bool TryOpen([NotNullWhen(true)] out CallMedia? media, RtpPortUse use = RtpPortUse.Placed)
    {
        var settings = options.Value;
        var sessionOptions = new RtpSessionOptions { Cname = settings.Cname ?? $"tcc@{Environment.MachineName}" };
        if (!sessions.TryOpen(settings.ParsedBindAddress, sessionOptions, out var session, use))
        {
            media = null;
            return false;
        }

        media = new CallMedia(session, scheduler);
        return true;
    }
}
