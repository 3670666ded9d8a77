using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TelecomContactCenter.Sip.Authentication;
using TelecomContactCenter.Sip.Messages;
using TelecomContactCenter.Sip.Parsing;
using TelecomContactCenter.Sip.Transport;

namespace TelecomContactCenter.Sip.Registrar;

/// <summary>
/// REGISTER processing of RFC 3261 §10.3: authenticate with digest, check the authenticated user owns the
/// address-of-record in To, validate every Contact and expiry, then apply all changes or none and answer with the
/// bindings now in force. Stateless itself (state lives in <see cref="RegistrationStore"/>), so thread-safe.
/// </summary>
public sealed class SipRegistrar(
    SipDigestAuthenticator authenticator,
    RegistrationStore store,
    TimeProvider time,
    IOptions<RegistrarOptions> options,
    ILogger<SipRegistrar> logger)
{
    public const string MinExpiresHeader = "Min-Expires";
    private const int BadExtension = 420;
    private readonly RegistrarOptions _options = options?.Value ?? throw new ArgumentNullException(nameof(options));

    /// <summary>Answers one REGISTER that arrived over UDP from <paramref name="source"/>; never throws for bad input.</summary>
    public ValueTask<SipResponse> HandleAsync(SipRequest request, IPEndPoint source, CancellationToken ct) =>
        HandleAsync(request, source, Transport.SipTransportNames.Udp, ct);

    /// <summary>
    /// Answers one REGISTER that arrived from <paramref name="source"/> over <paramref name="transport"/> (on stream
    /// connection <paramref name="connectionId"/> when TCP or TLS, which requests to the phone reuse while it is open).
    /// </summary>
    public async ValueTask<SipResponse> HandleAsync(
        SipRequest request, IPEndPoint source, string transport, CancellationToken ct, long? connectionId = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(source);
        if (request.Method != SipMethod.Register)
        {
            var notAllowed = Respond(request, SipStatusCodes.MethodNotAllowed);
            notAllowed.Headers.Add(SipHeaderNames.Allow, SipMethod.Register);
            return notAllowed;
        }

        if (request.Headers.GetValues(SipHeaderNames.Require) is { Count: > 0 } required)
        {
            var badExtension = Respond(request, BadExtension);
            badExtension.Headers.Add(SipHeaderNames.Unsupported, string.Join(", ", required));
            return badExtension;
        }

        var outcome = await authenticator.AuthenticateAsync(
            request.Method,
            request.RequestUri.ToString(),
            request.Headers.GetLines(SipHeaderNames.Authorization),
            source.Address,
            (request.From?.Uri as SipUri)?.User,
            ct).ConfigureAwait(false);
        switch (outcome.Kind)
        {
            case DigestOutcomeKind.Challenge:
                var challenge = Respond(request, SipStatusCodes.Unauthorized);
                foreach (var value in outcome.Challenges)
                {
                    challenge.Headers.Add(SipHeaderNames.WwwAuthenticate, value);
                }

                return challenge;
            case DigestOutcomeKind.Forbidden:
                RegistrarLog.Blocked(logger, outcome.UserName, source);
                return Respond(request, SipStatusCodes.Forbidden);
            case DigestOutcomeKind.Malformed:
                return Respond(request, SipStatusCodes.BadRequest, "Malformed Authorization");
        }

        try
        {
            return Register(request, source, transport, outcome.UserName!, connectionId);
        }
        catch (SipParseException error)
        {
            RegistrarLog.Refused(logger, request.CallId, source, SipStatusCodes.BadRequest, error.Message);
            return Respond(request, SipStatusCodes.BadRequest, error.Message);
        }
    }

    /// <summary>
    /// The UA core's hook (<see cref="UserAgent.ISipRequestHandler.OnRequestAsync"/>): answers a REGISTER through its
    /// server transaction and returns true; returns false for any other method so the stack answers it.
    /// </summary>
    public async ValueTask<bool> TryHandleAsync(UserAgent.InboundRequest inbound, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(inbound);
        if (inbound.Request.Method != SipMethod.Register)
        {
            return false;
        }

        try
        {
            var peer = inbound.Transaction.Peer;
            inbound.Transaction.Respond(await HandleAsync(inbound.Request, inbound.Source, inbound.Transport, ct, peer?.ConnectionId).ConfigureAwait(false));
        }
        catch (Exception) when (!ct.IsCancellationRequested)
        {
            // The credential store is I/O and can fail: the phone gets 500 and retries, rather than the stack's
            // fallback 405, which would make it believe registration is not supported here. The stack logs it.
            inbound.Transaction.Respond(SipStatusCodes.ServerInternalError, toTag: NewTag());
            throw;
        }

        return true;
    }

    private SipResponse Register(SipRequest request, IPEndPoint source, string transport, string userName, long? connectionId)
    {
        var to = request.To ?? throw new SipParseException("Missing To.");
        if (to.Uri is not SipUri { User: { } aorUser } || aorUser != userName)
        {
            RegistrarLog.NotOwnAddressOfRecord(logger, userName, (to.Uri as SipUri)?.User, source);
            return Respond(request, SipStatusCodes.Forbidden, "Not Your Address-of-Record");
        }

        var aor = store.CanonicalAddressOfRecord(aorUser);
        var cseq = request.CSeq ?? throw new SipParseException("Missing CSeq.");
        var callId = request.CallId ?? throw new SipParseException("Missing Call-ID.");
        var headerExpires = ReadExpires(request.Headers.Get(SipHeaderNames.Expires));
        var removeAll = request.IsContactStar;
        if (removeAll && headerExpires != 0)
        {
            return Respond(request, SipStatusCodes.BadRequest, "Contact * Requires Expires: 0");
        }

        var contacts = new List<ContactUpdate>();
        var outbound = false;
        var path = request.Headers.GetValues(ContactRouting.PathHeader).Select(NameAddress.Parse).ToList();
        foreach (var contact in removeAll ? Array.Empty<NameAddress>() : request.Contacts)
        {
            var expires = ReadExpires(contact.Parameters.Get("expires")) ?? headerExpires ?? _options.DefaultExpiresSeconds;
            if (expires > 0 && expires < _options.MinExpiresSeconds)
            {
                var tooBrief = Respond(request, SipStatusCodes.IntervalTooBrief);
                tooBrief.Headers.Add(MinExpiresHeader, _options.MinExpiresSeconds.ToString(CultureInfo.InvariantCulture));
                return tooBrief;
            }

            var (target, route) = ContactRouting.Decide(request, contact, source, transport, _options.ForceRport, connectionId);
            outbound |= route == ContactRoute.OutboundFlow;
            contacts.Add(new ContactUpdate(
                contact with { Parameters = WithoutRegistrationParameters(contact) },
                (int)Math.Min(expires, _options.MaxExpiresSeconds),
                ReadQ(contact.Parameters.Get("q")),
                target,
                route,
                path));
        }

        // A phone listing one contact twice means the last one (otherwise the CSeq rule would refuse its own copy).
        contacts = contacts
            .Select((c, i) => (Key: c.Contact.Uri.ToString().ToLowerInvariant(), Index: i, Contact: c))
            .GroupBy(c => c.Key)
            .Select(g => g.Last())
            .OrderBy(c => c.Index)
            .Select(c => c.Contact)
            .ToList();
        if (contacts.Count == 0 && !removeAll)
        {
            return Ok(request, store.FindContacts(aor));
        }

        var (status, bindings) = store.Apply(new RegistrationUpdate(
            aor, userName, callId, cseq.Number, source, removeAll, contacts,
            transport, connectionId));
        switch (status)
        {
            case RegistrationApplyStatus.OutOfOrder:
                RegistrarLog.Refused(logger, callId, source, SipStatusCodes.ServerInternalError, "Out of Order CSeq");
                return Respond(request, SipStatusCodes.ServerInternalError, "Out of Order CSeq");
            case RegistrationApplyStatus.TooManyContacts:
                RegistrarLog.Refused(logger, callId, source, SipStatusCodes.Forbidden, "Too Many Contacts");
                return Respond(request, SipStatusCodes.Forbidden, "Too Many Contacts");
            default:
                RegistrarLog.Registered(logger, aor, source, bindings.Count,
                    string.Join(", ", bindings.Select(b => $"{b.Target} ({b.Route})")));
                var ok = Ok(request, bindings);
                foreach (var hop in path)
                {
                    // RFC 3327 §5.3: the Path stored is echoed, so the phone sees how it will be reached.
                    ok.Headers.Add(ContactRouting.PathHeader, hop.ToString());
                }

                if (outbound)
                {
                    // RFC 5626 §6: the registrar tells the phone its flow is kept and will carry requests to it.
                    ok.Headers.Add(SipHeaderNames.Require, "outbound");
                }

                return ok;
        }
    }

    private SipResponse Ok(SipRequest request, IReadOnlyList<RegistrationBinding> bindings)
    {
        var response = Respond(request, SipStatusCodes.Ok);
        var now = time.GetUtcNow();
        foreach (var binding in bindings)
        {
            var remaining = (long)Math.Ceiling(binding.Remaining(now).TotalSeconds);
            var contact = binding.Contact.WithParameter("expires", remaining.ToString(CultureInfo.InvariantCulture));
            response.Headers.Add(SipHeaderNames.Contact, contact.ToString());
        }

        return response;
    }

    private static SipParameters WithoutRegistrationParameters(NameAddress contact)
    {
        var parameters = contact.Parameters.Clone();
        parameters.Remove("expires");
        parameters.Remove("q");
        return parameters;
    }

    private static long? ReadExpires(string? value)
    {
        if (value is null)
        {
            return null;
        }

        // delta-seconds; RFC 3261 §20.19 says values above 2^32-1 mean 2^32-1, so long parsing plus a clamp is enough.
        var text = value.Trim();
        return text.Length is > 0 and <= 18 && text.All(char.IsAsciiDigit)
            ? long.Parse(text, CultureInfo.InvariantCulture)
            : throw new SipParseException("Expires must be a number of seconds.");
    }

    private static double ReadQ(string? value)
    {
        if (value is null)
        {
            return 1.0;
        }

        return double.TryParse(value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var q) && q is >= 0 and <= 1
            ? q
            : throw new SipParseException("q must be between 0 and 1.");
    }

    private static SipResponse Respond(SipRequest request, int statusCode, string? reason = null) =>
        SipResponse.CreateFor(request, statusCode, reason, NewTag());

    private static string NewTag() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));
}
