using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace TelecomContactCenter.Server.Auth;

/// <summary>
/// Throttles password sign-in per (account, source address) with a progressive delay, and per source across all
/// accounts, instead of locking the account itself: five wrong passwords from an attacker's address block that
/// address for the account (then for everything once it has failed <see cref="AuthOptions.SourceMaxFailedSignIns"/>
/// times), while the agent at their own desk still signs in. After <see cref="AuthOptions.FreeSignInAttempts"/>
/// failures each further attempt must wait <see cref="AuthOptions.SignInDelay"/>, doubling per failure; at
/// <see cref="AuthOptions.MaxFailedAccessAttempts"/> the pair waits <see cref="AuthOptions.LockoutDuration"/>. A
/// waiting attempt is refused with 429 and Retry-After before the password is checked. Bounded: at most
/// <see cref="MaxTracked"/> keys, the stalest forgotten first. Thread-safe: one lock around the table.
/// </summary>
internal sealed class SignInThrottle(TimeProvider time, IOptions<AuthOptions> options)
{
    public const int MaxTracked = 20_000;
    private readonly Lock _gate = new();
    private readonly Dictionary<(string Account, string Source), Entry> _pairs = [];
    private readonly Dictionary<string, Entry> _sources = new(StringComparer.Ordinal);
    private readonly AuthOptions _options = options.Value;

    /// <summary>How long <paramref name="source"/> must still wait before trying <paramref name="account"/>; null when it may try now.</summary>
    public TimeSpan? WaitFor(string account, IPAddress? source)
    {
        var now = time.GetUtcNow();
        var key = Key(account, source);
        lock (_gate)
        {
            var wait = TimeSpan.Zero;
            if (_pairs.TryGetValue(key, out var pair) && pair.NotBefore > now)
            {
                wait = pair.NotBefore - now;
            }

            if (_sources.TryGetValue(key.Source, out var whole) && whole.NotBefore > now && whole.NotBefore - now > wait)
            {
                wait = whole.NotBefore - now;
            }

            return wait > TimeSpan.Zero ? wait : null;
        }
    }

    public void Failed(string account, IPAddress? source)
    {
        var now = time.GetUtcNow();
        var key = Key(account, source);
        lock (_gate)
        {
            if (_pairs.Count + _sources.Count >= MaxTracked)
            {
                Forget(now);
            }

            var failures = Fresh(_pairs.GetValueOrDefault(key), now) + 1;
            _pairs[key] = new Entry(failures, now, now + Delay(failures));
            var fromSource = Fresh(_sources.GetValueOrDefault(key.Source), now) + 1;
            _sources[key.Source] = new Entry(fromSource, now,
                fromSource >= _options.SourceMaxFailedSignIns ? now + _options.LockoutDuration : now);
        }
    }

    public void Succeeded(string account, IPAddress? source)
    {
        lock (_gate)
        {
            _pairs.Remove(Key(account, source));
        }
    }

    /// <summary>The 429 a waiting attempt gets, with Retry-After in whole seconds.</summary>
    public static IResult TooManyAttempts(HttpContext context, TimeSpan wait)
    {
        context.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        return TypedResults.Problem(
            "Too many failed sign-ins from this address; try again later.",
            statusCode: StatusCodes.Status429TooManyRequests, title: "Locked out");
    }

    /// <summary>The throttled password check both sign-in endpoints share.</summary>
    public async Task<SignInCheck> CheckPasswordAsync(
        string? userName, string? password, HttpContext context, UserManager<IdentityUser> users, SignInManager<IdentityUser> signIn)
    {
        var account = userName ?? "";
        var source = context.Connection.RemoteIpAddress;
        if (WaitFor(account, source) is { } wait)
        {
            return new SignInCheck(null, wait);
        }

        var user = string.IsNullOrEmpty(userName) ? null : await users.FindByNameAsync(userName);
        if (user is null || string.IsNullOrEmpty(password)
            || !(await signIn.CheckPasswordSignInAsync(user, password, lockoutOnFailure: false)).Succeeded)
        {
            Failed(account, source);
            return new SignInCheck(null, null);
        }

        Succeeded(account, source);
        return new SignInCheck(user, null);
    }

    private TimeSpan Delay(int failures)
    {
        if (failures >= _options.MaxFailedAccessAttempts)
        {
            return _options.LockoutDuration;
        }

        if (failures <= _options.FreeSignInAttempts)
        {
            return TimeSpan.Zero;
        }

        var doubled = _options.SignInDelay * Math.Pow(2, failures - _options.FreeSignInAttempts - 1);
        return doubled < _options.LockoutDuration ? doubled : _options.LockoutDuration;
    }

    /// <summary>Failures still counting: a streak ends once the lockout duration has passed since its last failure.</summary>
    private int Fresh(Entry? entry, DateTimeOffset now) =>
        entry is { } e && now - e.LastFailure < _options.LockoutDuration ? e.Failures : 0;

    private void Forget(DateTimeOffset now)
    {
        foreach (var (key, entry) in _pairs)
        {
            if (Fresh(entry, now) == 0)
            {
                _pairs.Remove(key);
            }
        }

        foreach (var (key, entry) in _sources)
        {
            if (Fresh(entry, now) == 0)
            {
                _sources.Remove(key);
            }
        }

        while (_pairs.Count + _sources.Count >= MaxTracked && _pairs.Count > 0)
        {
            _pairs.Remove(_pairs.MinBy(p => p.Value.LastFailure).Key);
        }
    }

    private static (string Account, string Source) Key(string account, IPAddress? source) =>
        (account.Trim().ToUpperInvariant(), source is null ? "-" : (source.IsIPv4MappedToIPv6 ? source.MapToIPv4() : source).ToString());

    private sealed record Entry(int Failures, DateTimeOffset LastFailure, DateTimeOffset NotBefore);
}

/// <summary>The signed-in user, or why not: <see cref="Wait"/> set means throttled, neither set means wrong credentials.</summary>
internal sealed record SignInCheck(IdentityUser? User, TimeSpan? Wait);
