using System.Globalization;

namespace TelecomContactCenter.Server.Capacity;

/// <summary>
/// How the process's open-file limit is shared out. Every RTP port pair is two sockets, every SIP TCP connection
/// and every HTTP connection or agent WebSocket one more; a .NET process that reaches the limit cannot start a
/// thread and aborts ("Out of memory."), so each consumer gets a cap that keeps the total under the limit with a
/// reserve for the runtime, the database pool, logs and outbound HTTP. Past a cap the call gets 503 or the
/// connection is closed, and the service keeps serving the rest.
/// </summary>
/// <remarks>
/// When everything asked for fits, media and SIP TCP get what they ask and HTTP the rest. When it does not, media
/// gets at most half of what is left after the reserve and SIP TCP at most 15 %, and HTTP (desktops, the API) the
/// rest; the cut is reported in <see cref="Shortfall"/>. The plan is a pure function of its inputs, so applying it
/// to an already-capped ask gives the same plan.
/// </remarks>
/// <param name="OpenFileLimit">The soft RLIMIT_NOFILE in force (the runtime raises it to the hard limit at start); null where unknown.</param>
/// <param name="MediaPairs">RTP/RTCP pairs that may be open at once.</param>
/// <param name="SipTcpConnections">SIP TCP connections accepted at once.</param>
/// <param name="HttpConnections">Kestrel's cap on HTTP connections that are not upgraded; null for no cap.</param>
/// <param name="UpgradedConnections">Kestrel's cap on WebSocket (upgraded) connections; null for no cap.</param>
/// <param name="Shortfall">Set when an ask was cut: what, and how to fix it.</param>
internal sealed record DescriptorBudget(long? OpenFileLimit, int MediaPairs, int SipTcpConnections, long? HttpConnections, long? UpgradedConnections, string? Shortfall)
{
    /// <summary>What must be left after the reserve: a few calls, SIP TCP connections and desktops.</summary>
    public const int MinimumShared = 256;

    /// <summary>Plain HTTP requests are short; the rest of the HTTP share goes to desktops' long-lived WebSockets.</summary>
    public const int MaxPlainHttpConnections = 1024;

    public static DescriptorBudget Plan(long? openFileLimit, CapacityOptions options, int rangePairs, int sipTcpConnections)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (openFileLimit is not { } limit)
        {
            return new DescriptorBudget(null, rangePairs, sipTcpConnections, null, null, null);
        }

        var available = limit - options.ReservedDescriptors;
        if (available < MinimumShared)
        {
            throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture,
                $"The open-file limit ({limit}) leaves {available} descriptors after {CapacityOptions.Section}:{nameof(CapacityOptions.ReservedDescriptors)} ({options.ReservedDescriptors}); calls and connections need at least {MinimumShared}. Raise the limit (ulimit -n, systemd LimitNOFILE, docker --ulimit nofile)."));
        }

        var pairs = (int)Math.Min(rangePairs, available / 4);
        var sipTcp = (int)Math.Min(sipTcpConnections, available * 15 / 100);
        var http = available - (2L * pairs) - sipTcp;
        var plain = Math.Clamp(http / 4, 1, MaxPlainHttpConnections);
        var cuts = new List<string>();
        if (pairs < rangePairs)
        {
            cuts.Add(string.Create(CultureInfo.InvariantCulture, $"Media:RtpPorts holds {rangePairs} RTP/RTCP pairs, {pairs} may be open at once (calls beyond get 503)"));
        }

        if (sipTcp < sipTcpConnections)
        {
            cuts.Add(string.Create(CultureInfo.InvariantCulture, $"Sip:Transport:MaxTcpConnections {sipTcpConnections} is cut to {sipTcp}"));
        }

        var shortfall = cuts.Count == 0
            ? null
            : string.Create(CultureInfo.InvariantCulture, $"The open-file limit ({limit}) is too small for the configuration: {string.Join("; ", cuts)}. Raise the limit (ulimit -n, systemd LimitNOFILE, docker --ulimit nofile) or lower those settings.");
        return new DescriptorBudget(limit, pairs, sipTcp, plain, http - plain, shortfall);
    }
}

internal sealed class CapacityOptions
{
    public const string Section = "Capacity";

    /// <summary>
    /// Descriptors kept out of every cap: the runtime's own (it holds two per loaded assembly, about 330 for this
    /// server once started), threads being created, database connections (a PostgreSQL pool holds up to 100),
    /// log files, outbound HTTP to the BSS.
    /// </summary>
    public int ReservedDescriptors { get; set; } = 768;

    public IEnumerable<string> Validate()
    {
        if (ReservedDescriptors < 256)
        {
            yield return $"{Section}:{nameof(ReservedDescriptors)} must be at least 256 (the runtime alone holds about 330), not {ReservedDescriptors}.";
        }
    }
}
