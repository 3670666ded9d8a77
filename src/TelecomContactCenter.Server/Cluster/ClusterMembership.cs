using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;
using Npgsql;
using TelecomContactCenter.Server.Data;
using TelecomContactCenter.Server.Interactions;
using TelecomContactCenter.Sip.UserAgent;

namespace TelecomContactCenter.Server.Cluster;

/// <summary>
/// This node's place in the cluster: its heartbeat in <c>cluster_nodes</c>, the ACD leadership, and the clean-up of
/// calls a failed process leaves open.
/// <list type="bullet">
/// <item>At start, the node records its own calls still open from its previous process as ended by node failure
/// (their media died with that process); calls begun since are untouched.</item>
/// <item>In a cluster it writes its heartbeat every <c>Cluster:Heartbeat</c> (the database's clock) and tries every
/// <c>Cluster:LeaderPoll</c> to take a PostgreSQL session-level advisory lock on a connection of its own: the
/// holder is the ACD leader. PostgreSQL frees the lock when that session ends, so a leader killed outright (its
/// socket closed by the kernel) is replaced within about one poll; a leader whose connection breaks steps down at
/// once.</item>
/// <item>The leader records the open calls of every node without a heartbeat for <c>Cluster:NodeTimeout</c> as
/// ended by node failure.</item>
/// </list>
/// A single node is the leader from its start, with no lock and no table.
/// Thread-safety: the loops are the only writers of the leadership fields, which readers see through volatile reads.
/// </summary>
internal sealed partial class ClusterMembership(
    IOptions<ClusterOptions> options,
    IOptions<DatabaseOptions> database,
    InteractionWriter interactions,
    IServer server,
    IServiceProvider services,
    TimeProvider time,
    ILogger<ClusterMembership> logger) : IHostedService, IDisposable
{
    /// <summary>The advisory lock key of the ACD leadership (any constant the deployment uses for nothing else).</summary>
    public const long LeaderLockKey = 0x7463_635F_6163_64; // "tcc_acd"

    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(1);
    private readonly ClusterOptions _options = options.Value;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Dictionary<string, DateTimeOffset> _handledDeaths = new(StringComparer.Ordinal);
    private DateTimeOffset _startedAt;
    private Task _heartbeat = Task.CompletedTask;
    private Task _leadership = Task.CompletedTask;
    private volatile LeaderTerm? _term;
    private int _disposed;

    public bool Clustered => _options.Enabled && database.Value.Provider == DatabaseProvider.Postgres;

    public string Node => _options.NodeNameOrDefault;

    public DateTimeOffset StartedAt => _startedAt;

    /// <summary>True while this node holds the ACD leadership.</summary>
    public bool IsLeader => _term is not null;

    /// <summary>Since when this node leads; null while it does not.</summary>
    public DateTimeOffset? LeaderSince => _term?.Since;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        _startedAt = time.GetUtcNow();
        var closed = await interactions.CloseOpenCallsAsync(Node, _startedAt, cancellationToken);
        if (closed > 0)
        {
            LogOwnCallsClosed(logger, closed, Node);
        }

        if (!Clustered)
        {
            _term = new LeaderTerm(_startedAt);
            return;
        }

        await BeatAsync(cancellationToken);
        _heartbeat = Task.Run(() => HeartbeatLoopAsync(_stopping.Token), CancellationToken.None);
        _leadership = Task.Run(() => LeadershipLoopAsync(_stopping.Token), CancellationToken.None);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        try
        {
            await _stopping.CancelAsync();
        }
        catch (ObjectDisposedException)
        {
            // The container disposed this before the host stopped it (a host's stop and its disposal can overlap,
            // as a test host's do): Dispose has already ended the loops.
            return;
        }

        await Task.WhenAll(_heartbeat, _leadership).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _stopping.Cancel();
            _stopping.Dispose();
        }
    }

    /// <summary>The nodes as <c>cluster_nodes</c> has them (alive by the database's clock), or this node alone when single.</summary>
    public async Task<IReadOnlyList<ClusterNodeView>> NodesAsync(CancellationToken cancellationToken)
    {
        if (!Clustered)
        {
            return [new ClusterNodeView(Node, _startedAt, time.GetUtcNow(), true, Addresses(), true, LeaderSince)];
        }

        await using var connection = new NpgsqlConnection(database.Value.PostgresConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(
            "SELECT \"Name\", \"StartedAt\", \"HeartbeatAt\", \"HeartbeatAt\" >= now() - @timeout, \"Addresses\", \"LeaderSince\" " +
            "FROM cluster_nodes ORDER BY \"Name\"", connection);
        command.Parameters.AddWithValue("timeout", _options.NodeTimeout);
        var rows = new List<(string Name, DateTimeOffset Started, DateTimeOffset Beat, bool Alive, string Addresses, DateTimeOffset? LeaderSince)>();
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                rows.Add((reader.GetString(0), reader.GetFieldValue<DateTimeOffset>(1), reader.GetFieldValue<DateTimeOffset>(2), reader.GetBoolean(3),
                    reader.GetString(4), reader.IsDBNull(5) ? null : reader.GetFieldValue<DateTimeOffset>(5)));
            }
        }

        // The leader is the live node that took the lock last: a killed leader's row keeps its mark until it restarts.
        var leader = rows.Where(r => r.Alive && r.LeaderSince is not null).OrderByDescending(r => r.LeaderSince).Select(r => r.Name).FirstOrDefault();
        return [.. rows.Select(r => new ClusterNodeView(r.Name, r.Started, r.Beat, r.Alive, r.Addresses.Split(' ', StringSplitOptions.RemoveEmptyEntries),
            r.Name == leader, r.Name == leader ? r.LeaderSince : null))];
    }

    private async Task HeartbeatLoopAsync(CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            await DelayAsync(_options.Heartbeat, stopping);
            try
            {
                await BeatAsync(stopping);
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                LogHeartbeatFailed(logger, ex);
            }
        }
    }

    /// <summary>Writes this node's row: its process start, the database's now, where it listens and since when it leads.</summary>
    private async Task BeatAsync(CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(database.Value.PostgresConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(
            "INSERT INTO cluster_nodes (\"Name\", \"StartedAt\", \"HeartbeatAt\", \"Addresses\", \"LeaderSince\") VALUES (@name, @started, now(), @addresses, @leader) " +
            "ON CONFLICT (\"Name\") DO UPDATE SET \"StartedAt\" = excluded.\"StartedAt\", \"HeartbeatAt\" = excluded.\"HeartbeatAt\", " +
            "\"Addresses\" = excluded.\"Addresses\", \"LeaderSince\" = excluded.\"LeaderSince\"", connection);
        command.Parameters.AddWithValue("name", Node);
        command.Parameters.AddWithValue("started", _startedAt);
        command.Parameters.AddWithValue("addresses", string.Join(' ', Addresses()));
        command.Parameters.AddWithValue("leader", _term is { } term ? term.Since : DBNull.Value);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Holds a session of its own for the lock; a failure of that session ends the leadership at once.</summary>
    private async Task LeadershipLoopAsync(CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                await using var connection = new NpgsqlConnection(LockConnectionString());
                await connection.OpenAsync(stopping);
                while (!stopping.IsCancellationRequested)
                {
                    if (_term is null && await TryTakeLockAsync(connection, stopping))
                    {
                        // The ACD is rebuilt before this node answers as the leader: until then the others' requests
                        // for the leader wait and retry, so none lands in a runtime about to be rebuilt.
                        var term = new LeaderTerm(time.GetUtcNow());
                        await DutyAsync(d => d.TakeOverAsync(stopping), stopping);
                        _term = term;
                        LogLeading(logger, Node);
                        await BeatAsync(stopping);
                    }
                    else if (_term is not null)
                    {
                        // The session is alive (a broken one throws here), so the lock is still ours.
                        await using var check = new NpgsqlCommand("SELECT 1", connection);
                        await check.ExecuteScalarAsync(stopping);
                    }

                    if (_term is not null)
                    {
                        await SweepAsync(stopping);
                    }

                    await DelayAsync(_options.LeaderPoll, stopping);
                }
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                if (_term is not null)
                {
                    _term = null;
                    LogSteppedDown(logger, ex, Node);
                    services.GetService<Acd.LeaderDuties>()?.SteppedDown();
                }
                else
                {
                    LogLeadershipFailed(logger, ex);
                }

                await DelayAsync(RetryDelay, stopping);
            }
        }

        _term = null;
    }

    private static async Task<bool> TryTakeLockAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SELECT pg_try_advisory_lock(@key)", connection);
        command.Parameters.AddWithValue("key", LeaderLockKey);
        return (bool)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    /// <summary>A failed sweep (the database busy, say) is tried again at the next poll; it is no reason to give up the lock.</summary>
    private async Task SweepAsync(CancellationToken stopping)
    {
        try
        {
            await CloseDeadNodesCallsAsync(stopping);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !stopping.IsCancellationRequested)
        {
            LogSweepFailed(logger, ex);
        }
    }

    /// <summary>As the leader: every node whose heartbeat is older than the timeout gets its open calls closed once per death.</summary>
    private async Task CloseDeadNodesCallsAsync(CancellationToken cancellationToken)
    {
        var dead = new List<(string Name, DateTimeOffset Beat)>();
        await using (var connection = new NpgsqlConnection(database.Value.PostgresConnectionString))
        {
            await connection.OpenAsync(cancellationToken);
            await using var command = new NpgsqlCommand(
                "SELECT \"Name\", \"HeartbeatAt\" FROM cluster_nodes WHERE \"HeartbeatAt\" < now() - @timeout AND \"Name\" <> @me", connection);
            command.Parameters.AddWithValue("timeout", _options.NodeTimeout);
            command.Parameters.AddWithValue("me", Node);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                dead.Add((reader.GetString(0), reader.GetFieldValue<DateTimeOffset>(1)));
            }
        }

        foreach (var (name, beat) in dead)
        {
            if (_handledDeaths.TryGetValue(name, out var handled) && handled == beat)
            {
                continue;
            }

            var closed = await interactions.CloseOpenCallsAsync(name, time.GetUtcNow(), cancellationToken);
            _handledDeaths[name] = beat;
            LogNodeDead(logger, name, beat, closed);
            await DutyAsync(d => d.NodeDiedAsync(name, cancellationToken), cancellationToken);
        }
    }

    /// <summary>
    /// Runs one of the leader's duties towards the ACD (<see cref="Acd.LeaderDuties"/>, present in a cluster); a
    /// failure is logged, and does not cost the leadership.
    /// </summary>
    private async Task DutyAsync(Func<Acd.LeaderDuties, Task> duty, CancellationToken stopping)
    {
        if (services.GetService<Acd.LeaderDuties>() is not { } duties)
        {
            return;
        }

        try
        {
            await duty(duties);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !stopping.IsCancellationRequested)
        {
            LogDutyFailed(logger, ex);
        }
    }

    /// <summary>The lock's session: TCP keepalives, so a peer that vanished without closing is found out too.</summary>
    private string LockConnectionString() =>
        new NpgsqlConnectionStringBuilder(database.Value.PostgresConnectionString) { Pooling = false, KeepAlive = 5 }.ConnectionString;

    /// <summary>Where the node listens: its HTTP addresses once the server is up, and its SIP addresses.</summary>
    private IReadOnlyList<string> Addresses()
    {
        var http = server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        var sip = services.GetService<SipStack>();
        var advertised = string.IsNullOrWhiteSpace(_options.AdvertisedUrl) ? [] : (string[])[_options.AdvertisedUrl.Trim().TrimEnd('/')];
        return [.. advertised, .. http, .. sip is null ? [] : (string[])[$"sip:{sip.UdpEndPoint};transport=udp", $"sip:{sip.TcpEndPoint};transport=tcp"]];
    }

    private Task DelayAsync(TimeSpan delay, CancellationToken stopping) => QuietDelay.DelayAsync(time, delay, stopping);

    private sealed record LeaderTerm(DateTimeOffset Since);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Count} calls this node ({Node}) held when its previous process ended were recorded as ended by node failure")]
    private static partial void LogOwnCallsClosed(ILogger logger, int count, string node);

    [LoggerMessage(Level = LogLevel.Information, Message = "This node ({Node}) is the ACD leader")]
    private static partial void LogLeading(ILogger logger, string node);

    [LoggerMessage(Level = LogLevel.Warning, Message = "This node ({Node}) lost its leadership session and stepped down as ACD leader")]
    private static partial void LogSteppedDown(ILogger logger, Exception exception, string node);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Taking the ACD leadership failed; retrying")]
    private static partial void LogLeadershipFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Looking for dead nodes' open calls failed; trying again at the next poll")]
    private static partial void LogSweepFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "The ACD leader's take-over or clean-up after a node's death failed")]
    private static partial void LogDutyFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Writing this node's heartbeat failed; retrying")]
    private static partial void LogHeartbeatFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Node {Node} is dead (last heartbeat {Heartbeat:o}): {Count} of its open calls recorded as ended by node failure")]
    private static partial void LogNodeDead(ILogger logger, string node, DateTimeOffset heartbeat, int count);
}

/// <summary>One node as a supervisor sees it: alive or not, where it listens, and whether (since when) it leads the ACD.</summary>
internal sealed record ClusterNodeView(
    string Name, DateTimeOffset StartedAt, DateTimeOffset HeartbeatAt, bool Alive, IReadOnlyList<string> Addresses, bool Leader, DateTimeOffset? LeaderSince);

/// <summary>The cluster as <c>GET /api/cluster</c> answers it: this node, the leader (if any node leads) and every node.</summary>
internal sealed record ClusterView(bool Clustered, string Node, string? Leader, DateTimeOffset? LeaderSince, IReadOnlyList<ClusterNodeView> Nodes);
