using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Refit;

namespace TelecomContactCenter.Server.Cluster;

/// <summary>
/// How a node reaches the others' internal API (<see cref="IClusterApi"/>): a node's base URL is the first HTTP
/// address of its row in <c>cluster_nodes</c>, kept until a request to it fails. <see cref="ViaLeaderAsync"/> runs an
/// operation on the ACD leader: here when this node leads, otherwise on the leader the table names; a request that
/// finds no leader, cannot connect, or reaches a node that has just lost the leadership (503) is retried, every
/// <see cref="RetryDelay"/>, for as long as a takeover takes (<see cref="LeaderWait"/>), each retry logged. Thread-safe: the URL cache is a concurrent map.
/// </summary>
internal sealed partial class ClusterPeers(
    ClusterMembership membership, IHttpClientFactory clients, IOptions<ClusterOptions> options, TimeProvider time,
    ILogger<ClusterPeers> logger)
{
    public const string HttpClientName = "cluster";

    /// <summary>The problem title of a leader-only request that reached a node that does not lead.</summary>
    public const string NotLeader = "not-leader";

    public static readonly TimeSpan RetryDelay = TimeSpan.FromMilliseconds(250);

    /// <summary>The internal API's JSON: the web defaults, as minimal APIs read and write it.</summary>
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>
    /// The node under which a call's owner records the agent's desktop as connected when the leader's ring says so
    /// (the owner itself may hold no desktop of theirs); a new leader forgets it with every other remote desktop.
    /// </summary>
    public const string LeaderVouched = "(leader)";

    private static readonly RefitSettings Settings = new(new SystemTextJsonContentSerializer(Json));
    private readonly ConcurrentDictionary<string, Uri> _urls = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<Uri, IClusterApi> _apis = new();
    private volatile string? _leader;

    /// <summary>This node's name.</summary>
    public string Node => membership.Node;

    /// <summary>
    /// How long a request for the leader keeps being retried: a takeover's worst case (the old leader's lock freed
    /// within a poll or its death noticed, then every live node asked within <see cref="FactsWait"/>).
    /// </summary>
    public TimeSpan LeaderWait => (2 * options.Value.NodeTimeout) + (2 * options.Value.LeaderPoll);

    /// <summary>How long a new leader waits for a node's facts: one that cannot answer within its liveness timeout is passed over.</summary>
    public TimeSpan FactsWait => options.Value.NodeTimeout;

    /// <summary>
    /// Runs <paramref name="local"/> when this node leads, else <paramref name="remote"/> on the leader, retrying while
    /// the leadership is moving; <paramref name="what"/> names the operation in the log.
    /// </summary>
    public async Task<T> ViaLeaderAsync<T>(Func<Task<T>> local, Func<IClusterApi, Task<T>> remote, string what, CancellationToken cancellationToken)
    {
        var deadline = time.GetUtcNow() + LeaderWait;
        for (var attempt = 1; ; attempt++)
        {
            if (membership.IsLeader)
            {
                return await local();
            }

            Exception? failure = null;
            try
            {
                if (await LeaderAsync(cancellationToken) is { } leader)
                {
                    return await remote(Api(leader));
                }
            }
            catch (Exception ex) when (LeaderGone(ex) && !cancellationToken.IsCancellationRequested)
            {
                failure = ex;
                _leader = null;
            }

            if (time.GetUtcNow() >= deadline)
            {
                throw new ClusterUnavailableException($"No ACD leader answered {what} within {LeaderWait.TotalSeconds:0.#} s.", failure);
            }

            LogLeaderRetry(logger, what, attempt, failure?.Message ?? "no leader in cluster_nodes");
            await QuietDelay.DelayAsync(time, RetryDelay, cancellationToken);
            cancellationToken.ThrowIfCancellationRequested();
        }
    }

    /// <summary>Runs <paramref name="call"/> on node <paramref name="node"/>, finding its URL again once if the first try cannot connect.</summary>
    public async Task<T> OnNodeAsync<T>(string node, Func<IClusterApi, Task<T>> call, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var url = _urls.TryGetValue(node, out var known) ? known : await UrlOfAsync(node, cancellationToken)
                ?? throw new ClusterUnavailableException($"Node {node} is not in cluster_nodes or has no HTTP address.", null);
            try
            {
                return await call(Api(url));
            }
            catch (HttpRequestException) when (attempt == 1)
            {
                _urls.TryRemove(node, out _);
            }
        }
    }

    /// <summary>The live nodes other than this one, with their URLs.</summary>
    public async Task<IReadOnlyList<(string Node, Uri Url)>> OthersAsync(CancellationToken cancellationToken)
    {
        var nodes = await membership.NodesAsync(cancellationToken);
        return [.. nodes.Where(n => n.Alive && n.Name != membership.Node)
            .Select(n => (n.Name, Url: HttpUrl(n.Addresses)))
            .Where(n => n.Url is not null)
            .Select(n => (n.Name, n.Url!))];
    }

    /// <summary>
    /// The internal API of the node at <paramref name="url"/>: one Refit client per address, built on its first use and
    /// kept, rather than a client built for every request between nodes. Addresses come from <c>cluster_nodes</c> as
    /// the nodes bind them, so a kept handler never outlives a name's resolution; a node restarted elsewhere is a new
    /// address and a new client.
    /// </summary>
    public IClusterApi Api(Uri url) => _apis.GetOrAdd(url, NewApi);

    private IClusterApi NewApi(Uri url)
    {
        var http = clients.CreateClient(HttpClientName);
        http.BaseAddress = url;
        http.DefaultRequestHeaders.Add(ClusterOptions.KeyHeader, options.Value.Key);
        return RestService.For<IClusterApi>(http, Settings);
    }

    /// <summary>
    /// A node lost (cannot connect, or died with the request in flight) or no longer the leader: worth asking whoever
    /// leads next. The leader's operations take a repeat (an enqueue of a call it holds answers as before).
    /// </summary>
    private static bool LeaderGone(Exception ex) =>
        ex is HttpRequestException or ApiRequestException || (ex is ApiException { StatusCode: HttpStatusCode.ServiceUnavailable });

    private async Task<Uri?> LeaderAsync(CancellationToken cancellationToken)
    {
        if (_leader is { } cached && _urls.TryGetValue(cached, out var url))
        {
            return url;
        }

        if (await FindAsync(n => n.Leader && n.Name != membership.Node, cancellationToken) is not { } leader)
        {
            return null;
        }

        _leader = leader.Name;
        return leader.Url;
    }

    private async Task<Uri?> UrlOfAsync(string node, CancellationToken cancellationToken) =>
        (await FindAsync(n => n.Name == node, cancellationToken))?.Url;

    /// <summary>The first row of <c>cluster_nodes</c> that <paramref name="which"/> picks, with its HTTP address, remembered as that node's URL.</summary>
    private async Task<(string Name, Uri Url)?> FindAsync(Func<ClusterNodeView, bool> which, CancellationToken cancellationToken)
    {
        var nodes = await membership.NodesAsync(cancellationToken);
        if (nodes.FirstOrDefault(which) is not { } row || HttpUrl(row.Addresses) is not { } url)
        {
            return null;
        }

        _urls[row.Name] = url;
        return (row.Name, url);
    }

    private static Uri? HttpUrl(IReadOnlyList<string> addresses) =>
        addresses.FirstOrDefault(a => a.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || a.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
            is { } address ? new Uri(address.TrimEnd('/') + "/") : null;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Handing {What} to the ACD leader failed (attempt {Attempt}: {Reason}); trying whoever leads")]
    private static partial void LogLeaderRetry(ILogger logger, string what, int attempt, string reason);
}

/// <summary>No node of the cluster could carry out a request between nodes (no leader within a takeover's time, a node gone).</summary>
internal sealed class ClusterUnavailableException(string message, Exception? inner) : Exception(message, inner);
