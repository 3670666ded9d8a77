using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace TelecomContactCenter.Sip.Registrar;

/// <summary>Removes expired bindings on a fixed period so their Expired events are raised even if nobody looks.</summary>
public sealed class RegistrationSweeper : BackgroundService
{
    private readonly RegistrationStore _store;

    // Created here rather than in ExecuteAsync (which .NET 10 starts on the thread pool) so the period starts when
    // the sweeper is built; a tick that fires before the loop waits is latched by PeriodicTimer, not lost.
    private readonly PeriodicTimer _timer;

    public RegistrationSweeper(RegistrationStore store, TimeProvider time, IOptions<RegistrarOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _store = store;
        _timer = new PeriodicTimer(options.Value.SweepInterval, time);
    }

    public override void Dispose()
    {
        _timer.Dispose();
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (await _timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            _store.SweepExpired();
        }
    }
}
