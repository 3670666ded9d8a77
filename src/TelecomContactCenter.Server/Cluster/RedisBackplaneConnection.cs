using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace TelecomContactCenter.Server.Cluster;

/// <summary>
/// The node's Redis connections for the SignalR backplane. One is opened when the host starts: a Redis that cannot be
/// reached stops start-up naming <c>Cluster:Redis</c> instead of leaving a node that silently pushes only to its own
/// desktops. Each hub's lifetime manager then gets a connection of its own (<see cref="ConnectHubAsync"/>), because
/// it disposes its connection when the node stops: a shared one would be gone for the next manager's unsubscribe.
/// Once connected, StackExchange.Redis reconnects by itself.
/// Thread-safety: the start-up connection is a task completed once in <see cref="StartAsync"/>; a hub connection
/// asked for by a service that starts earlier waits for it.
/// </summary>
internal sealed class RedisBackplaneConnection(IOptions<ClusterOptions> options, ILogger<RedisBackplaneConnection> logger)
    : IHostedService, IAsyncDisposable
{
    private readonly TaskCompletionSource<IConnectionMultiplexer> _connection = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var configuration = options.Value.RedisConfiguration();
        try
        {
            _connection.SetResult(await ConnectionMultiplexer.ConnectAsync(configuration).WaitAsync(cancellationToken));
        }
        catch (RedisConnectionException ex)
        {
            var failure = new InvalidOperationException(
                $"{ClusterOptions.Section}:{nameof(ClusterOptions.Redis)}: Redis at {string.Join(", ", configuration.EndPoints)} cannot be reached: {ex.Message}", ex);
            _connection.SetException(failure);
            throw failure;
        }

        logger.LogInformation("SignalR backplane on Redis {EndPoints}, channel prefix {Prefix}",
            string.Join(", ", configuration.EndPoints), options.Value.ChannelPrefix);
    }

    /// <summary>A connection for one hub's lifetime manager, which owns and disposes it; opened once start-up has reached Redis.</summary>
    public async Task<IConnectionMultiplexer> ConnectHubAsync(TextWriter log)
    {
        await _connection.Task;
        var configuration = options.Value.RedisConfiguration();
        configuration.AbortOnConnectFail = false;
        return await ConnectionMultiplexer.ConnectAsync(configuration, log);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        if (_connection.Task.IsCompletedSuccessfully)
        {
            var connection = await _connection.Task;
            await connection.CloseAsync();
            connection.Dispose();
        }
    }
}
