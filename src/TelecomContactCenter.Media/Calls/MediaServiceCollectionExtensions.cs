using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using TelecomContactCenter.Media.Playback;
using TelecomContactCenter.Media.Ports;
using TelecomContactCenter.Media.Prompts;
using TelecomContactCenter.Media.Rtp;

namespace TelecomContactCenter.Media.Calls;

public static class MediaServiceCollectionExtensions
{
    /// <summary>
    /// Registers the media layer: port allocator, RTP sessions, the shared pacing clock (started with the host)
    /// and the prompt library (loaded at start, so a bad prompt file stops start-up naming the file).
    /// </summary>
    public static IServiceCollection AddMedia(this IServiceCollection services)
    {
        services.AddOptions<MediaOptions>().BindConfiguration(MediaOptions.SectionName)
            .Validate(o => System.Net.IPAddress.TryParse(o.BindAddress, out _), $"{MediaOptions.SectionName}:{nameof(MediaOptions.BindAddress)} must be an IP address.")
            .Validate(o => o.ReceiveThreads is >= 0 and <= 64, $"{MediaOptions.SectionName}:{nameof(MediaOptions.ReceiveThreads)} must be 0-64.")
            .ValidateOnStart();
        services.AddOptions<RtpPortOptions>().BindConfiguration(RtpPortOptions.SectionName)
            .Validate(o =>
            {
                o.Validate();
                return true;
            })
            .ValidateOnStart();
        services.AddSingleton(sp => new RtpPortAllocator(sp.GetRequiredService<IOptions<RtpPortOptions>>().Value));
        services.AddSingleton(sp => RtpReceiveLoops.Start(
            sp.GetRequiredService<IOptions<MediaOptions>>().Value.ReceiveThreads,
            sp.GetService<Microsoft.Extensions.Logging.ILogger<RtpReceiveLoops>>()));
        services.AddSingleton(sp => new RtpSessionFactory(
            sp.GetRequiredService<RtpPortAllocator>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetService<Microsoft.Extensions.Logging.ILoggerFactory>(),
            sp.GetRequiredService<RtpReceiveLoops>()));
        services.AddSingleton(sp => new PacingScheduler(
            sp.GetRequiredService<TimeProvider>(),
            sp.GetService<Microsoft.Extensions.Logging.ILogger<PacingScheduler>>()));
        services.AddSingleton(sp =>
        {
            var folder = sp.GetRequiredService<IOptions<MediaOptions>>().Value.PromptFolder;
            var root = sp.GetService<IHostEnvironment>()?.ContentRootPath ?? AppContext.BaseDirectory;
            return PromptLibrary.Load(Path.IsPathRooted(folder) ? folder : Path.Combine(root, folder));
        });
        services.AddSingleton<CallMediaFactory>();
        services.AddHostedService<MediaStartup>();
        services.TryAddSingleton(TimeProvider.System);
        return services;
    }

    private sealed class MediaStartup(PacingScheduler scheduler, PromptLibrary prompts) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            // Building this service loaded the prompts; an empty set is allowed here and caught by flow validation.
            _ = prompts.Count;
            scheduler.Start();
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken)
        {
            scheduler.Dispose();
            return Task.CompletedTask;
        }
    }
}
