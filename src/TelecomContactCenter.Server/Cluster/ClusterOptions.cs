using StackExchange.Redis;

namespace TelecomContactCenter.Server.Cluster;

/// <summary>
/// Section <c>Cluster</c>: what nodes of one deployment share. Today only the SignalR backplane: with
/// <see cref="Redis"/> set, a push to a user or group reaches their desktop on whichever node it is connected to.
/// Empty means a single node.
/// </summary>
internal sealed class ClusterOptions
{
    public const string Section = "Cluster";

    /// <summary>A StackExchange.Redis connection string (e.g. <c>127.0.0.1:6379,password=…</c>); empty for a single node.</summary>
    public string Redis { get; set; } = "";

    /// <summary>Prefix of this deployment's Redis channels, so two deployments on one Redis never see each other's pushes.</summary>
    public string ChannelPrefix { get; set; } = "tcc";

    public bool Enabled => !string.IsNullOrWhiteSpace(Redis);

    public IEnumerable<string> Validate()
    {
        if (!Enabled)
        {
            yield break;
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
