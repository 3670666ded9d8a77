using System.Globalization;
using System.Net;
using Microsoft.Extensions.Options;
using TelecomContactCenter.Sip.Authentication;
using TelecomContactCenter.Sip.Messages;
using TelecomContactCenter.Sip.Transport;
using TelecomContactCenter.Sip.UserAgent;

namespace TelecomContactCenter.Server.Telephony;

/// <summary>Where the service's registration with the outbound trunk stands.</summary>
internal sealed record TrunkRegistrationState(bool Registered, DateTimeOffset? Until, string Detail);

/// <summary>
/// Keeps the service registered with the outbound trunk when <c>Telephony:OutboundTrunkRegister</c> is on (RFC 3261
/// §10.2): REGISTER for <c>sip:&lt;user&gt;@&lt;trunk&gt;</c> with the service's UDP contact, answering the trunk's digest
/// challenge with the trunk credentials, refreshed at half the expiry the trunk granted; after a failure it tries
/// again after 30 s, doubling to 5 minutes. One Call-ID for the life of the process, CSeq rising (§10.2.4). On stop
/// the binding is removed (Expires: 0), best effort.
/// </summary>
internal sealed partial class TrunkRegistration(
    IOptions<TelephonyOptions> options, Lazy<SipStack> stack, TimeProvider time, ILogger<TrunkRegistration> logger) : BackgroundService
{
    private static readonly TimeSpan FirstRetry = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan LastRetry = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan MinimumRefresh = TimeSpan.FromSeconds(5);
    private SipRequest? _last;

    /// <summary>Replaced for tests: sends a REGISTER and returns its final response.</summary>
    internal Func<SipRequest, SipPeer, CancellationToken, Task<SipResponse>> Send { get; set; } =
        async (request, peer, cancellationToken) => (await stack.Value.SendRequestAsync(request, peer, null, cancellationToken)).FinalResponse;

    /// <summary>Replaced for tests: the address the trunk should send calls to (the stack's UDP endpoint).</summary>
    internal Func<IPEndPoint> LocalEndPoint { get; set; } = () => stack.Value.UdpEndPoint;

    public TrunkRegistrationState State { get; private set; } = new(false, null, "not registered yet");

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        if (!settings.OutboundTrunkRegister || settings.OutboundTrunkUri is not { } trunk)
        {
            return;
        }

        var retry = FirstRetry;
        while (!stoppingToken.IsCancellationRequested)
        {
            TimeSpan wait;
            try
            {
                var granted = await RegisterAsync(trunk, settings, settings.OutboundTrunkRegisterExpiry, stoppingToken);
                if (granted is { } expiry && expiry > TimeSpan.Zero)
                {
                    State = new TrunkRegistrationState(true, time.GetUtcNow() + expiry, $"registered with {trunk} for {expiry.TotalSeconds:0} s");
                    LogRegistered(logger, trunk.ToString(), (int)expiry.TotalSeconds);
                    retry = FirstRetry;
                    wait = TimeSpan.FromTicks(Math.Max(expiry.Ticks / 2, MinimumRefresh.Ticks));
                }
                else
                {
                    wait = Backoff(ref retry);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception error) when (error is not OperationCanceledException)
            {
                // Boundary of a background loop: a failure here must not stop the host; the next attempt may work.
                State = new TrunkRegistrationState(false, null, $"registering failed: {error.Message}");
                LogFailed(logger, error, trunk.ToString());
                wait = Backoff(ref retry);
            }

            try
            {
                await Task.Delay(wait, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        var settings = options.Value;
        if (State.Registered && settings.OutboundTrunkUri is { } trunk)
        {
            using var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            bounded.CancelAfter(TimeSpan.FromSeconds(2));
            try
            {
                await RegisterAsync(trunk, settings, TimeSpan.Zero, bounded.Token);
            }
            catch (OperationCanceledException)
            {
                // Shutting down: the trunk lets the binding expire.
            }
        }
    }

    /// <summary>The wait before the next attempt after a failure: the current back-off, which then doubles up to 5 minutes.</summary>
    private static TimeSpan Backoff(ref TimeSpan retry)
    {
        var wait = retry;
        retry = TimeSpan.FromTicks(Math.Min(retry.Ticks * 2, LastRetry.Ticks));
        return wait;
    }

    /// <summary>One REGISTER (with the challenge answered); the expiry granted, or null (the state says why).</summary>
    private async Task<TimeSpan?> RegisterAsync(SipUri trunk, TelephonyOptions settings, TimeSpan expiry, CancellationToken cancellationToken)
    {
        var request = Next(trunk, settings, expiry);
        var peer = settings.OutboundTrunkPeer!;
        var response = await Send(request, peer, cancellationToken);
        for (var answered = 0; DigestChallengeAnswer.Next(request, response, answered, settings.OutboundTrunkUser, settings.OutboundTrunkPassword) is { } next;
            answered++)
        {
            _last = request = next;
            response = await Send(request, peer, cancellationToken);
        }

        if (response.IsSuccess)
        {
            return Granted(response, request, expiry);
        }

        State = new TrunkRegistrationState(false, null, $"the trunk answered {response.StatusCode} {response.ReasonPhrase}");
        LogRefused(logger, trunk.ToString(), response.StatusCode, response.ReasonPhrase);
        return null;
    }

    /// <summary>The next REGISTER: the first builds Call-ID and From tag, later ones keep them with CSeq one higher.</summary>
    private SipRequest Next(SipUri trunk, TelephonyOptions settings, TimeSpan expiry)
    {
        SipRequest request;
        if (_last is null)
        {
            var aor = new NameAddress(SipUri.Sip(settings.OutboundTrunkUser, trunk.Host, trunk.Port));
            var local = LocalEndPoint();
            request = SipRequest.Create(SipMethod.Register, SipUri.Sip(null, trunk.Host, trunk.Port), aor.WithTag(SipIdentifiers.NewTag()), aor,
                SipIdentifiers.NewCallId(local.Address.ToString()), 1);
            request.Headers.Set(SipHeaderNames.Contact,
                new NameAddress(SipUri.Sip(settings.OutboundTrunkUser, local.Address.ToString(), local.Port)).ToString());
        }
        else
        {
            request = _last.NextInSequence();
        }

        request.Headers.Set(SipHeaderNames.Expires, ((int)expiry.TotalSeconds).ToString(CultureInfo.InvariantCulture));
        _last = request;
        return request;
    }

    /// <summary>The expiry the trunk granted: our Contact's expires parameter, else Expires, else what we asked.</summary>
    private static TimeSpan Granted(SipResponse response, SipRequest request, TimeSpan asked)
    {
        var ours = Address(request.Headers.Get(SipHeaderNames.Contact))?.Uri.ToString();
        foreach (var contact in response.Headers.GetValues(SipHeaderNames.Contact))
        {
            if (Address(contact) is { } address && address.Uri.ToString() == ours && address.Parameters.Get("expires") is { } expires
                && int.TryParse(expires, CultureInfo.InvariantCulture, out var seconds))
            {
                return TimeSpan.FromSeconds(seconds);
            }
        }

        return int.TryParse(response.Headers.Get(SipHeaderNames.Expires), CultureInfo.InvariantCulture, out var header)
            ? TimeSpan.FromSeconds(header)
            : asked;
    }

    private static NameAddress? Address(string? value)
    {
        try
        {
            return value is null ? null : NameAddress.Parse(value);
        }
        catch (FormatException)
        {
            // A Contact we cannot read is not ours; the Expires header decides.
            return null;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Registered with the outbound trunk {Trunk} for {Seconds} s")]
    private static partial void LogRegistered(ILogger logger, string trunk, int seconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Registering with the outbound trunk {Trunk} failed; trying again later")]
    private static partial void LogFailed(ILogger logger, Exception exception, string trunk);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Registration with the outbound trunk {Trunk} refused: {Status} {Reason}; trying again later")]
    private static partial void LogRefused(ILogger logger, string trunk, int status, string reason);
}
