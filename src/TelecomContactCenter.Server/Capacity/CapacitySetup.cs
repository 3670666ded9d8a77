using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using TelecomContactCenter.Media.Ports;
using TelecomContactCenter.Sip.UserAgent;

namespace TelecomContactCenter.Server.Capacity;

internal static partial class CapacitySetup
{
    /// <summary>
    /// Shares the open-file limit out (see <see cref="DescriptorBudget"/>): caps the RTP pairs leased at once and
    /// Kestrel's connection counts. Register after the media and SIP services, whose allocator it replaces.
    /// </summary>
    public static WebApplicationBuilder AddCapacity(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddValidatedOptions<CapacityOptions>(CapacityOptions.Section, o => o.Validate());
        services.AddSingleton(sp =>
        {
            var rtp = sp.GetRequiredService<IOptions<RtpPortOptions>>().Value;
            var sip = sp.GetRequiredService<IOptions<SipStackOptions>>().Value.Transport;
            var capacity = sp.GetRequiredService<IOptions<CapacityOptions>>().Value;
            var budget = DescriptorBudget.Plan(ProcessLimits.OpenFiles(), capacity, rtp.PairCount, sip.MaxTcpConnections);
            var log = sp.GetRequiredService<ILoggerFactory>().CreateLogger<DescriptorBudget>();
            if (budget.OpenFileLimit is { } limit)
            {
                LogPlan(log, limit, budget.MediaPairs, budget.SipTcpConnections, budget.HttpConnections, budget.UpgradedConnections);
            }

            if (budget.Shortfall is { } shortfall)
            {
                LogShortfall(log, shortfall);
            }

            return budget;
        });
        services.Replace(ServiceDescriptor.Singleton(sp => new RtpPortAllocator(
            sp.GetRequiredService<IOptions<RtpPortOptions>>().Value,
            sp.GetRequiredService<DescriptorBudget>().MediaPairs)));
        services.AddOptions<SipStackOptions>().PostConfigure<IOptions<RtpPortOptions>, IOptions<CapacityOptions>>((sip, rtp, capacity) =>
            sip.Transport.MaxTcpConnections = DescriptorBudget.Plan(ProcessLimits.OpenFiles(), capacity.Value, rtp.Value.PairCount, sip.Transport.MaxTcpConnections).SipTcpConnections);
        services.AddOptions<KestrelServerOptions>().PostConfigure<DescriptorBudget>((kestrel, budget) =>
        {
            kestrel.Limits.MaxConcurrentConnections = Smaller(kestrel.Limits.MaxConcurrentConnections, budget.HttpConnections);
            kestrel.Limits.MaxConcurrentUpgradedConnections = Smaller(kestrel.Limits.MaxConcurrentUpgradedConnections, budget.UpgradedConnections);
        });
        return builder;
    }

    private static long? Smaller(long? configured, long? budgeted) =>
        configured is { } c && budgeted is { } b ? Math.Min(c, b) : configured ?? budgeted;

    [LoggerMessage(Level = LogLevel.Information, Message = "Open-file limit {Limit}: up to {MediaPairs} RTP port pairs, {SipTcp} SIP TCP, {Http} HTTP and {WebSockets} WebSocket connections at once")]
    private static partial void LogPlan(ILogger logger, long limit, int mediaPairs, int sipTcp, long? http, long? webSockets);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Shortfall}")]
    private static partial void LogShortfall(ILogger logger, string shortfall);
}
