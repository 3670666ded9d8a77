using StackExchange.Redis;

namespace TelecomContactCenter.Server.Cluster;

/// <summary>
/// Section <c>Cluster</c>: what nodes of one deployment share. With <see cref="Redis"/> set the node is one of a
/// cluster: a push to a user or group reaches their desktop on whichever node it is connected to (SignalR over
/// Redis), and the nodes share one PostgreSQL database, in which each node's phone registrations are read by the
/// others. Empty means a single node.
/// </summary>
internal sealed class ClusterOptions
{
    public const string Section = "Cluster";

    /// <summary>A StackExchange.Redis connection string (e.g. <c>127.0.0.1:6379,password=…</c>); empty for a single node.</summary>
    public string Redis { get; set; } = "";

    /// <summary>Prefix of this deployment's Redis channels, so two deployments on one Redis never see each other's pushes.</summary>
    public string ChannelPrefix { get; set; } = "tcc";

    /// <summary>
    /// This node's name, unique in the cluster and the same across its restarts: the registrations (and later the
    /// calls) it holds are saved under it. Required in a cluster; a single node uses the machine name.
    /// </summary>
    public string NodeName { get; set; } = "";

    /// <summary>How often a node reads the other nodes' registrations even without a notification from them.</summary>
    public TimeSpan RegistrationRefresh { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How often a node tries to take the ACD leadership (a PostgreSQL advisory lock) while another holds it.</summary>
    public TimeSpan LeaderPoll { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How often a node writes its heartbeat to <c>cluster_nodes</c>.</summary>
    public TimeSpan Heartbeat { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>A node without a heartbeat for this long is dead: the leader records its open calls as ended by node failure.</summary>
    public TimeSpan NodeTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// The secret the nodes present to each other on the internal API (<c>/internal/</c>, header
    /// <see cref="KeyHeader"/>): the same on every node, at least 16 characters. Required in a cluster.
    /// </summary>
    public string Key { get; set; } = "";

    /// <summary>
    /// The base URL the other nodes reach this node's HTTP at (e.g. <c>http://node1:8080</c>); empty means the first
    /// address it binds, which suits loopback or a concrete address but not <c>0.0.0.0</c>.
    /// </summary>
    public string AdvertisedUrl { get; set; } = "";

    /// <summary>The header that carries <see cref="Key"/> on a request between nodes.</summary>
    public const string KeyHeader = "X-Cluster-Key";

    /// <summary>The shortest <see cref="Key"/> a node starts with.</summary>
    public const int MinKeyLength = 16;

    public bool Enabled => !string.IsNullOrWhiteSpace(Redis);

    public string NodeNameOrDefault => string.IsNullOrWhiteSpace(NodeName) ? Environment.MachineName : NodeName.Trim();

    public IEnumerable<string> Validate()
    {
        if (NodeNameOrDefault.Length > 64 || NodeNameOrDefault.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
        {
            yield return $"{Section}:{nameof(NodeName)} must be at most 64 characters without spaces.";
        }

        if (!Enabled)
        {
            yield break;
        }

        if (string.IsNullOrWhiteSpace(NodeName))
        {
            yield return $"{Section}:{nameof(NodeName)} must name this node (unique in the cluster, kept across restarts) when {Section}:{nameof(Redis)} is set.";
        }

        if (Key.Trim().Length < MinKeyLength)
        {
            yield return $"{Section}:{nameof(Key)} must be a secret of at least {MinKeyLength} characters, the same on every node, when {Section}:{nameof(Redis)} is set (the nodes' internal API is refused without it).";
        }

        if (!string.IsNullOrWhiteSpace(AdvertisedUrl) && !(Uri.TryCreate(AdvertisedUrl, UriKind.Absolute, out var advertised)
            && advertised.Scheme is "http" or "https"))
        {
            yield return $"{Section}:{nameof(AdvertisedUrl)} must be an absolute http(s) URL the other nodes reach this node at.";
        }

        if (RegistrationRefresh < TimeSpan.FromMilliseconds(100) || RegistrationRefresh > TimeSpan.FromMinutes(10))
        {
            yield return $"{Section}:{nameof(RegistrationRefresh)} must be between 00:00:00.1 and 00:10:00.";
        }

        foreach (var (name, value) in new[] { (nameof(LeaderPoll), LeaderPoll), (nameof(Heartbeat), Heartbeat) })
        {
            if (value < TimeSpan.FromMilliseconds(100) || value > TimeSpan.FromMinutes(1))
            {
                yield return $"{Section}:{name} must be between 00:00:00.1 and 00:01:00.";
            }
        }

        if (NodeTimeout < 2 * Heartbeat || NodeTimeout > TimeSpan.FromMinutes(10))
        {
            yield return $"{Section}:{nameof(NodeTimeout)} must be at least twice {Section}:{nameof(Heartbeat)} (one lost heartbeat is no death) and at most 00:10:00.";
        }

        var problem = ParseProblem(Redis);
        if (problem is not null)
        {
            yield return $"{Section}:{nameof(Redis)} is not a usable Redis connection string: {problem}";
        }

        if (string.IsNullOrWhiteSpace(ChannelPrefix) || ChannelPrefix.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
        {
            yield return $"{Section}:{nameof(ChannelPrefix)} must be a non-empty name without spaces when {Section}:{nameof(Redis)} is set.";
        }
    }

    /// <summary>The connection settings for the backplane: the configured string, this deployment's channel prefix, and no failure hidden at start.</summary>
    public ConfigurationOptions RedisConfiguration()
    {
        var configuration = ConfigurationOptions.Parse(Redis);
        configuration.ChannelPrefix = RedisChannel.Literal(ChannelPrefix);
        configuration.AbortOnConnectFail = true;

        // The client's own pool of reader threads would wake a thread per message beside the runtime's pool; on a
        // node's few cores the backplane's messages are completed on the runtime's pool instead.
        configuration.SocketManager = SocketManager.ThreadPool;
        return configuration;
    }

    private static string? ParseProblem(string redis)
    {
        try
        {
            return ConfigurationOptions.Parse(redis).EndPoints.Count == 0 ? "it names no host:port." : null;
        }
        catch (ArgumentException ex)
        {
            return ex.Message;
        }
    }
}
