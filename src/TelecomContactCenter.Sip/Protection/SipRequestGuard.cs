using System.Net;
using Microsoft.Extensions.Options;
using TelecomContactCenter.Sip.Messages;
using TelecomContactCenter.Sip.Transactions;
using TelecomContactCenter.Sip.Transport;

namespace TelecomContactCenter.Sip.Protection;

public enum GuardVerdict
{
    /// <summary>Process the request. When <see cref="GuardDecision.HoldsSlot"/>, call <see cref="SipRequestGuard.Release"/> once its transaction ends.</summary>
    Admit,

    /// <summary>Send <see cref="GuardDecision.Response"/> (403 or 503) and stop.</summary>
    Reject,

    /// <summary>Send nothing: answering a flood from possibly spoofed addresses would make us a reflector.</summary>
    Drop,
}

public readonly record struct GuardDecision(GuardVerdict Verdict, SipResponse? Response, bool HoldsSlot);

/// <summary>
/// Protection for each new request, cheapest first: banned source or scanner User-Agent (drop), per-source rate
/// limit (drop), transaction table or in-flight limit (503 with Retry-After), then for an initial INVITE the trunk
/// allowlist or a live registration (403, a strike towards a ban). As the stack's <see cref="ISipRequestScreen"/> it
/// runs before a transaction exists, so a refusal is one stateless response or none, stores nothing and is counted
/// in <see cref="RefusalCounters"/> (summarised in the log at a bounded rate). The host then claims an overload slot
/// with <see cref="Claim"/> for what it admits. ACK and CANCEL skip the overload checks: both let existing work
/// finish, which is what an overloaded server wants. Thread-safe: it only delegates to thread-safe parts.
/// </summary>
public sealed class SipRequestGuard : ISipRequestScreen
{
    private readonly SourceRateLimiter _rateLimiter;
    private readonly OverloadGate _overload;
    private readonly InviteAdmission _admission;
    private readonly TrustedTrunkAllowlist _trustedTrunks;
    private readonly SourceBans? _bans;
    private readonly RefusalCounters? _refusals;
    private readonly bool _exemptTrunks;
    private readonly int _maxServerTransactions;
    private readonly string[] _scanners;

    public SipRequestGuard(
        SourceRateLimiter rateLimiter,
        OverloadGate overload,
        InviteAdmission admission,
        TrustedTrunkAllowlist trustedTrunks,
        IOptions<SipProtectionOptions> options)
        : this(rateLimiter, overload, admission, trustedTrunks, options, null, null)
    {
    }

    public SipRequestGuard(
        SourceRateLimiter rateLimiter,
        OverloadGate overload,
        InviteAdmission admission,
        TrustedTrunkAllowlist trustedTrunks,
        IOptions<SipProtectionOptions> options,
        SourceBans? bans,
        RefusalCounters? refusals)
    {
        ArgumentNullException.ThrowIfNull(options);
        _rateLimiter = rateLimiter;
        _overload = overload;
        _admission = admission;
        _trustedTrunks = trustedTrunks;
        _bans = bans;
        _refusals = refusals;
        _exemptTrunks = options.Value.RateLimit.ExemptTrustedTrunks;
        _maxServerTransactions = options.Value.Overload.MaxServerTransactions;
        _scanners = [.. options.Value.EffectiveScannerUserAgents];
    }

    /// <summary>The whole check in one call, claiming a slot when admitted (hosts without a screen use this).</summary>
    public GuardDecision Check(SipRequest request, IPAddress source)
    {
        var screened = Screen(request, source, 0);
        return screened.Verdict switch
        {
            ScreenVerdict.Drop => new GuardDecision(GuardVerdict.Drop, null, false),
            ScreenVerdict.Answer => new GuardDecision(GuardVerdict.Reject, screened.Response, false),
            _ => Claim(request),
        };
    }

    public ScreenDecision Screen(SipRequest request, SipPeer source, int serverTransactions)
    {
        ArgumentNullException.ThrowIfNull(source);
        return Screen(request, source.RemoteEndPoint.Address, serverTransactions);
    }

    /// <summary>
    /// A request the transport could not parse: a banned source's is dropped unanswered; one answered 400 is a strike
    /// against its source (trusted trunks and never-ban sources excepted), so a malformed flood bans its source.
    /// </summary>
    public bool ScreenMalformed(SipPeer source, int statusCode)
    {
        ArgumentNullException.ThrowIfNull(source);
        var address = source.RemoteEndPoint.Address;
        if (_bans is null)
        {
            return true;
        }

        if (_bans.IsBanned(address))
        {
            Refuse(RefusalReason.Banned, address, ScreenDecision.Drop);
            return false;
        }

        if (statusCode == SipStatusCodes.BadRequest)
        {
            _bans.Strike(address, SecurityEventReasons.Malformed, null);
        }

        return true;
    }

    /// <summary>Claims an overload slot for a request the screen admitted; ACK and CANCEL need none.</summary>
    public GuardDecision Claim(SipRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Method is SipMethod.Ack or SipMethod.Cancel)
        {
            return new GuardDecision(GuardVerdict.Admit, null, false);
        }

        return _overload.TryEnter()
            ? new GuardDecision(GuardVerdict.Admit, null, true)
            : new GuardDecision(GuardVerdict.Reject, ProtectionResponses.ServiceUnavailable(request, _overload.RetryAfterSeconds), false);
    }

    /// <summary>Frees the overload slot of an admitted request whose transaction has terminated.</summary>
    public void Release() => _overload.Exit();

    private ScreenDecision Screen(SipRequest request, IPAddress source, int serverTransactions)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(source);
        if (_bans is not null && _bans.IsBanned(source))
        {
            return Refuse(RefusalReason.Banned, source, ScreenDecision.Drop);
        }

        if (IsScanner(request))
        {
            _bans?.Strike(source, SecurityEventReasons.Scanner, request.From?.Uri is SipUri { User: { } user } ? user : null, SourceBans.BanAtOnce);
            return Refuse(RefusalReason.Scanner, source, ScreenDecision.Drop);
        }

        if (!(_exemptTrunks && _trustedTrunks.Contains(source)) && !_rateLimiter.TryAcquire(source))
        {
            return Refuse(RefusalReason.RateLimited, source, ScreenDecision.Drop);
        }

        if (request.Method is SipMethod.Ack or SipMethod.Cancel)
        {
            return ScreenDecision.Admit;
        }

        if (serverTransactions >= _maxServerTransactions || _overload.IsOverloaded)
        {
            return Refuse(RefusalReason.Overloaded, source,
                ScreenDecision.Answer(ProtectionResponses.ServiceUnavailable(request, _overload.RetryAfterSeconds)));
        }

        if (request.IsInvite && request.To?.Tag is null && !_admission.IsAllowed(source))
        {
            _bans?.Strike(source, SecurityEventReasons.ForbiddenInvite, null);
            return Refuse(RefusalReason.Forbidden, source, ScreenDecision.Answer(ProtectionResponses.Forbidden(request)));
        }

        return ScreenDecision.Admit;
    }

    private bool IsScanner(SipRequest request)
    {
        if (request.Headers.Get(SipHeaderNames.UserAgent) is not { Length: > 0 } agent)
        {
            return false;
        }

        foreach (var scanner in _scanners)
        {
            if (agent.Contains(scanner, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    private ScreenDecision Refuse(RefusalReason reason, IPAddress source, ScreenDecision decision)
    {
        _refusals?.Add(reason, source);
        return decision;
    }
}
