using System.Globalization;
using Microsoft.Extensions.Options;
using TelecomContactCenter.Core.Customers;
using TelecomContactCenter.Core.Routing;
using TelecomContactCenter.Server.Calls;
using TelecomContactCenter.Server.Routing;
using TelecomContactCenter.Sip.Messages;

namespace TelecomContactCenter.Server.Telephony;

/// <summary>
/// Routing-only access numbers: asks <see cref="RoutingDecider"/> (the same decision as GET /api/routing/decision)
/// and answers 302 with Contact = sip:&lt;queue&gt;@&lt;QueueDomain&gt; and the routing headers. The lookup runs on
/// the call's worker task with a deadline, never on a receive loop; past the deadline the caller still gets a
/// 302, to the general queue. The call's owner moves to Redirected once the 302 is sent; it is never in the book, since
/// that transition is its end. Stateless apart from immutable options, so thread-safe.
/// </summary>
internal sealed partial class CallRedirector(
    IServiceScopeFactory scopes,
    IOptions<TelephonyOptions> options,
    IOptions<RoutingOptions> routing,
    TimeProvider time,
    ILogger<CallRedirector> logger)
{
    public const string TierHeader = "X-Customer-Tier";
    public const string StageHeader = "X-Lifecycle-Stage";
    public const string PriorityHeader = "X-Queue-Priority";
    public const string ReasonHeader = "X-Routing-Reason";
    public const string AgentHeader = "X-Target-Agent";

    private readonly TelephonyOptions _options = options.Value;
    private readonly int _standardWeight = routing.Value.TierWeights[ValueTier.Standard];

    public async ValueTask<InboundCallOutcome> RedirectAsync(Call call, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(call);
        // A withheld number asserted by a trusted trunk may still route (RFC 3325 §7: usable inside the trust domain).
        var number = call.Identity.E164 ?? call.Identity.TrustDomainE164;
        var started = time.GetTimestamp();
        var decision = await DecideAsync(call, number, cancellationToken);
        var micros = (int)Math.Min(int.MaxValue, time.GetElapsedTime(started).Ticks / TimeSpan.TicksPerMicrosecond);
        var sent = call.Caller.Redirect([SipUri.Sip(decision.TargetQueue, _options.QueueDomain)], Headers(decision));
        call.Fire(sent ? CallTrigger.Redirect : CallTrigger.CallerLeft);
        return new InboundCallOutcome(SipStatusCodes.MovedTemporarily, "redirected", decision.Reason, decision, micros);
    }

    private async Task<CallRoutingDecision> DecideAsync(Call call, string? number, CancellationToken cancellationToken)
    {
        using var deadline = new CancellationTokenSource(_options.DecisionTimeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            return await scope.ServiceProvider.GetRequiredService<RoutingDecider>().DecideAsync(number, linked.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            TelephonyLog.DecisionTimedOut(logger, call.Id.Value, _options.DecisionTimeout.TotalMilliseconds);
            return Fallback(number, $"Routing lookup exceeded {_options.DecisionTimeout.TotalMilliseconds:0} ms: general queue at standard priority");
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            // Boundary: a failing profile store must not leave the caller without an answer.
            TelephonyLog.DecisionFailed(logger, call.Id.Value, ex);
            return Fallback(number, "Routing lookup failed: general queue at standard priority");
        }
    }

    private CallRoutingDecision Fallback(string? number, string reason) => new(
        number ?? "", number, null, nameof(ValueTier.Standard), "Unknown", TargetQueues.General, null, _standardWeight, reason,
        ProfileAvailable: false);

    private static List<SipHeader> Headers(CallRoutingDecision decision)
    {
        var headers = new List<SipHeader>(5)
        {
            new(TierHeader, decision.Tier),
            new(StageHeader, decision.LifecycleStage),
            new(PriorityHeader, decision.Priority.ToString(CultureInfo.InvariantCulture)),
            new(ReasonHeader, HeaderSafe(decision.Reason)),
        };
        if (decision.TargetAgent is { } agent)
        {
            headers.Add(new SipHeader(AgentHeader, HeaderSafe(agent)));
        }

        return headers;
    }

    // Reasons are free text from the rules (and names): keep them to one printable ASCII line of sensible length.
    private static string HeaderSafe(string text)
    {
        Span<char> buffer = stackalloc char[Math.Min(text.Length, 200)];
        var length = 0;
        foreach (var c in text)
        {
            if (length == buffer.Length)
            {
                break;
            }

            buffer[length++] = c is >= ' ' and <= '~' ? c : '?';
        }

        return new string(buffer[..length]).Trim();
    }
}
