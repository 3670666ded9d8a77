using TelecomContactCenter.Sip.Registrar;

namespace TelecomContactCenter.Server.AgentDesk;

/// <summary>
/// Tells the agent's desktop and the wallboard at once when an agent's phone registers, unregisters or its
/// registration lapses, so "phone registered" on both screens is live rather than as of the last call. Without a
/// SIP registrar (desktop answer only) it does nothing.
/// </summary>
internal sealed partial class PhoneRegistrationWatch(
    IServiceProvider services, Desk desk, ILogger<PhoneRegistrationWatch> logger) : IHostedService
{
    private IRegistrationLookup? _registrations;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _registrations = services.GetService<IRegistrationLookup>();
        if (_registrations is not null)
        {
            _registrations.BindingChanged += OnBindingChanged;
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        if (_registrations is not null)
        {
            _registrations.BindingChanged -= OnBindingChanged;
        }

        return Task.CompletedTask;
    }

    // Raised by the registrar outside its lock; the push runs on its own so a slow hub never holds a REGISTER.
    private void OnBindingChanged(object? sender, RegistrationChangedEventArgs e) =>
        _ = PushAsync(e.Binding.UserName, e.Kind);

    private async Task PushAsync(string agent, RegistrationChangeKind kind)
    {
        try
        {
            if (kind != RegistrationChangeKind.Refreshed)
            {
                await desk.PhoneRegistrationChangedAsync(agent);
            }
        }
        catch (Exception ex)
        {
            LogPushFailed(logger, agent, ex);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Telling {AgentId}'s desktop and the board about their phone failed")]
    private static partial void LogPushFailed(ILogger logger, string agentId, Exception exception);
}
