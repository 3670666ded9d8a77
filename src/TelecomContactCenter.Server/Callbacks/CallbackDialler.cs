using Microsoft.Extensions.Options;
using TelecomContactCenter.Core.Customers;
using TelecomContactCenter.Core.Routing;
using TelecomContactCenter.Server.Calls;
using TelecomContactCenter.Server.Contact;
using TelecomContactCenter.Server.Ivr.Callbacks;
using TelecomContactCenter.Server.Telephony;

namespace TelecomContactCenter.Server.Callbacks;

/// <summary>
/// Preview dialling: every <see cref="CallbackOptions.PollInterval"/> on the host's clock, the due callbacks are
/// claimed and handed to the ACD like a call from the IVR, in their queue and at their priority, marked as
/// callbacks so the agent sees "Callback requested …" and the customer 360 before anyone is dialled. Each offer is a
/// <see cref="Call"/> opened in the <see cref="CallBook"/> with its booked request on it, which the ACD then moves
/// through the same phases as an inbound call. At start,
/// callbacks a stop left in Dialling go back to Pending. Holds no state of its own.
/// </summary>
internal sealed partial class CallbackDialler(
    CallbackClaims claims,
    CallBook calls,
    ICallEntry acd,
    IOptions<CallbackOptions> options,
    IOptions<TelephonyOptions> telephony,
    IOptions<RoutingOptions> routing,
    TimeProvider time,
    ILogger<CallbackDialler> logger) : BackgroundService
{
    private readonly PriorityPolicy _priorities = new(routing.Value);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            var released = await claims.ReleaseStuckAsync(stoppingToken);
            if (released > 0)
            {
                LogReleased(logger, released);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogPollFailed(logger, ex);
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await OfferDueAsync(stoppingToken);
                await Task.Delay(options.Value.PollInterval, time, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                LogPollFailed(logger, ex);
                await Task.Delay(options.Value.PollInterval, time, stoppingToken);
            }
        }
    }

    /// <summary>Claims the due callbacks and queues each one; returns how many were queued.</summary>
    public async Task<int> OfferDueAsync(CancellationToken cancellationToken)
    {
        var queued = 0;
        foreach (var request in await claims.ClaimDueAsync(cancellationToken))
        {
            var handoff = Handoff(new CallId($"callback-{request.Id}-{request.Attempts + 1}"), request);
            var call = calls.FindOrOpen(handoff.CallId, handoff.Caller.ToIdentity());
            lock (call.Gate)
            {
                call.Callback = request;
            }

            try
            {
                await acd.EnqueueAsync(handoff, cancellationToken);
                queued++;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogOfferFailed(logger, ex, request.Id);
                call.Fire(CallTrigger.Refuse);
                await claims.RetryAsync(request.Id, CancellationToken.None);
            }
        }

        return queued;
    }

    private CallHandoff Handoff(CallId id, CallbackRequest request)
    {
        ValueTier? tier = Enum.TryParse<ValueTier>(request.Tier, out var parsed) && Enum.IsDefined(parsed) ? parsed : null;
        return new CallHandoff
        {
            CallId = id,
            Caller = new CallerIdentityInfo(request.CallerNumber, request.CallerNumber, "Callback"),
            CustomerPhone = request.CallerNumber,
            Tier = tier,
            Queue = request.Queue,
            PriorityBonus = request.Priority - _priorities.Weight(tier),
            Callback = new CallbackOffer(request.Id, request.RequestedAt, Dialled: telephony.Value.OutboundTrunkUri is not null),
        };
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Count} callbacks left in Dialling by the last stop are pending again")]
    private static partial void LogReleased(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Error, Message = "Looking for due callbacks failed")]
    private static partial void LogPollFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "Callback {CallbackId} could not be queued; it is retried later")]
    private static partial void LogOfferFailed(ILogger logger, Exception exception, long callbackId);
}
