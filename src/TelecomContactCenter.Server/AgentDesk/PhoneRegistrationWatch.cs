using System.Threading.Channels;
using TelecomContactCenter.Sip.Registrar;

namespace TelecomContactCenter.Server.AgentDesk;

/// <summary>
/// Tells the agent's desktop and the wallboard at once when an agent's phone registers, unregisters or its
/// registration lapses, so "phone registered" on both screens is live rather than as of the last call. Without a
/// SIP registrar (desktop answer only) it does nothing. The registrar's event only queues the agent's name (a slow
/// hub never holds a REGISTER); one loop pushes them in order and is drained at stop.
/// </summary>
internal sealed partial class PhoneRegistrationWatch(
    IServiceProvider services, Desk desk, ILogger<PhoneRegistrationWatch> logger) : BackgroundService
{
    private readonly Channel<string> _changed = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = true });
    private IRegistrationLookup? _registrations;

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        _registrations = services.GetService<IRegistrationLookup>();
        if (_registrations is not null)
        {
            _registrations.BindingChanged += OnBindingChanged;
        }

        return base.StartAsync(cancellationToken);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_registrations is not null)
        {
            _registrations.BindingChanged -= OnBindingChanged;
        }

        _changed.Writer.TryComplete();
        await base.StopAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Not stoppingToken: what was queued before the stop is still told; the stop completes the channel.
        await foreach (var agent in _changed.Reader.ReadAllAsync(CancellationToken.None))
        {
            try
            {
                await desk.PhoneRegistrationChangedAsync(agent);
            }
            catch (Exception ex)
            {
                LogPushFailed(logger, agent, ex);
            }
        }
    }

    // Raised by the registrar outside its lock. A refresh changes nothing either screen shows.
    private void OnBindingChanged(object? sender, RegistrationChangedEventArgs e)
    {
        if (e.Kind != RegistrationChangeKind.Refreshed)
        {
            _changed.Writer.TryWrite(e.Binding.UserName);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Telling {AgentId}'s desktop and the board about their phone failed")]
    private static partial void LogPushFailed(ILogger logger, string agentId, Exception exception);
}
