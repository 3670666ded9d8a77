using System.Net;

namespace TelecomContactCenter.Media.Calls;

public sealed class MediaOptions
{
    public const string SectionName = "Media";

    /// <summary>The address RTP sockets bind to; 0.0.0.0 listens on every interface.</summary>
    public string BindAddress { get; set; } = "0.0.0.0";

    /// <summary>The folder of prompt WAV files, relative to the content root or absolute.</summary>
    public string PromptFolder { get; set; } = "ivr-flows/prompts";

    /// <summary>The RTCP CNAME; defaults to tcc@ the machine name.</summary>
    public string? Cname { get; set; }

    /// <summary>
    /// Threads that receive every call's RTP (each waits in epoll over its share of the sockets and runs the relay and
    /// the digit detector for them). Default: half the cores, 1-8. 0 receives with the runtime's asynchronous sockets
    /// instead (as on systems other than Linux), at about four times the CPU per relayed packet.
    /// </summary>
    public int ReceiveThreads { get; set; } = Rtp.RtpReceiveLoops.DefaultThreads;

    internal IPAddress ParsedBindAddress => IPAddress.TryParse(BindAddress, out var address)
        ? address
        : throw new InvalidOperationException($"{SectionName}:{nameof(BindAddress)} '{BindAddress}' is not an IP address.");
}
