using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TelecomContactCenter.Sip.Transactions;
using TelecomContactCenter.Sip.Transport;

namespace TelecomContactCenter.Sip.UserAgent;

public static class SipServiceCollectionExtensions
{
    /// <summary>
    /// Registers the SIP stack, bound to the "Sip" configuration section and validated at start, and a hosted
    /// service that starts and stops it. The host registers its own <see cref="ISipRequestHandler"/>.
    /// </summary>
    public static IServiceCollection AddSipStack(this IServiceCollection services, string sectionName = "Sip")
    {
        services.AddOptions<SipStackOptions>()
            .BindConfiguration(sectionName)
            .Validate(options =>
            {
                options.Transport.Validate();
                SipTlsSettings.Load(options.Transport)?.Dispose();
                options.Timers.Validate();
                return true;
            })
            .ValidateOnStart();
        services.AddSingleton(provider => new SipStack(
            provider.GetRequiredService<IOptions<SipStackOptions>>().Value,
            provider.GetRequiredService<ISipRequestHandler>(),
            provider.GetService<TimeProvider>() ?? TimeProvider.System,
            provider.GetRequiredService<ILoggerFactory>(),
            provider.GetService<ISipRequestScreen>()));
        services.AddHostedService<SipStackHostedService>();
        return services;
    }

    private sealed class SipStackHostedService(SipStack stack) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken) => stack.StartAsync(cancellationToken);

        public async Task StopAsync(CancellationToken cancellationToken) => await stack.DisposeAsync();
    }
}
