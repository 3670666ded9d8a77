using System.Net;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using TelecomContactCenter.Server.Telephony;
using TelecomContactCenter.Sip.Messages;
using TelecomContactCenter.Sip.Transport;
using TelecomContactCenter.Sip.UserAgent;
using TelecomContactCenter.Testing;

namespace TelecomContactCenter.Server.Tests.Telephony;

/// <summary>
/// The service's registration with the outbound trunk, against a trunk that challenges every REGISTER without
/// credentials, on a clock the test moves: the challenge answered, the refresh at half the expiry granted, the
/// back-off after a refusal, and the binding removed on stop. (The wire exchange with sipp is in the bridge tests.)
/// </summary>
public sealed class TrunkRegistrationTests
{
    private readonly WatchedTimeProvider _time = new();
    private readonly FakeTrunk _trunk = new();

    [Fact]
    public async Task Start_TrunkChallenges_AnswersAndRefreshesAtHalfTheGrantedExpiryInTheSameCallId()
    {
        _trunk.GrantSeconds = 120;
        var registration = Create();

        await registration.StartAsync(CancellationToken.None);
        await SettledAsync(2);
        _time.Advance(TimeSpan.FromSeconds(59));
        var beforeRefresh = _trunk.Requests.Count;
        _time.Advance(TimeSpan.FromSeconds(1));
        await SettledAsync(4);
        await registration.StopAsync(CancellationToken.None);

        Assert.Equal(2, beforeRefresh);
        Assert.Equal([1L, 2L, 3L, 4L, 5L], _trunk.Requests.Take(5).Select(r => r.CSeq!.Value.Number));
        Assert.Single(_trunk.Requests.Select(r => r.CallId).Distinct());
        Assert.Null(_trunk.Requests[0].Headers.Get(SipHeaderNames.Authorization));
        Assert.StartsWith("Digest username=\"callback\"", _trunk.Requests[1].Headers.Get(SipHeaderNames.Authorization), StringComparison.Ordinal);
        Assert.Equal("600", _trunk.Requests[1].Headers.Get(SipHeaderNames.Expires));
        Assert.Equal("<sip:callback@127.0.0.1:5099>", _trunk.Requests[1].Headers.Get(SipHeaderNames.Contact));
        Assert.Equal("sip:192.0.2.50:5070", _trunk.Requests[1].RequestUri.ToString());
    }

    [Fact]
    public async Task Start_Registered_StateSaysUntilWhen()
    {
        _trunk.GrantSeconds = 300;
        var registration = Create();

        await registration.StartAsync(CancellationToken.None);
        await SettledAsync(2);
        var state = registration.State;
        await registration.StopAsync(CancellationToken.None);

        Assert.True(state.Registered);
        Assert.Equal(_time.GetUtcNow() + TimeSpan.FromSeconds(300), state.Until);
    }

    [Fact]
    public async Task Start_TrunkRefuses_TriesAgainAfter30sThen60s()
    {
        _trunk.Refuse = true;
        var registration = Create();

        await registration.StartAsync(CancellationToken.None);
        await SettledAsync(1);
        _time.Advance(TimeSpan.FromSeconds(29));
        var before30s = _trunk.Requests.Count;
        _time.Advance(TimeSpan.FromSeconds(1));
        await SettledAsync(2);
        _time.Advance(TimeSpan.FromSeconds(59));
        var before60s = _trunk.Requests.Count;
        _time.Advance(TimeSpan.FromSeconds(1));
        await SettledAsync(3);
        var state = registration.State;
        await registration.StopAsync(CancellationToken.None);

        Assert.Equal((1, 2), (before30s, before60s));
        Assert.False(state.Registered);
        Assert.Contains("403", state.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_SendingFails_StateSaysWhyAndItTriesAgainInsteadOfStopping()
    {
        _trunk.FailNext = 1;
        var registration = Create();

        await registration.StartAsync(CancellationToken.None);
        await SettledAsync(1);
        var failed = registration.State;
        _time.Advance(TimeSpan.FromSeconds(30));
        await SettledAsync(3);
        var recovered = registration.State;
        await registration.StopAsync(CancellationToken.None);

        Assert.Equal((false, true), (failed.Registered, recovered.Registered));
        Assert.Contains("no route to the trunk", failed.Detail, StringComparison.Ordinal);
        Assert.False(registration.ExecuteTask!.IsFaulted);
    }

    [Fact]
    public async Task Stop_AfterRegistering_RemovesTheBindingWithExpiresZero()
    {
        var registration = Create();
        await registration.StartAsync(CancellationToken.None);
        await SettledAsync(2);

        await registration.StopAsync(CancellationToken.None);

        Assert.Equal("0", _trunk.Requests[^1].Headers.Get(SipHeaderNames.Expires));
        Assert.NotNull(_trunk.Requests[^1].Headers.Get(SipHeaderNames.Authorization));
    }

    /// <summary>
    /// The trunk has seen <paramref name="requests"/> REGISTERs and the service has armed its next timer (the refresh or
    /// the retry), so moving the clock now reaches it: the service carries on after a send on its own thread.
    /// </summary>
    private async Task SettledAsync(int requests)
    {
        await _trunk.WaitForAsync(requests);
        await _time.UntilTimerArmedAsync();
    }

    private TrunkRegistration Create() =>
        new(Options.Create(new TelephonyOptions
        {
            OutboundTrunk = "sip:192.0.2.50:5070",
            OutboundTrunkUser = "callback",
            OutboundTrunkPassword = "secret",
            OutboundTrunkRegister = true,
            OutboundTrunkRegisterExpiry = TimeSpan.FromMinutes(10),
        }), new Lazy<SipStack>(() => throw new InvalidOperationException("the test sends through the fake trunk")), _time,
            NullLogger<TrunkRegistration>.Instance)
        {
            Send = _trunk.AnswerAsync,
            LocalEndPoint = () => new IPEndPoint(IPAddress.Loopback, 5099),
        };

    /// <summary>Challenges a REGISTER without credentials; grants one with them (or refuses every one, 403).</summary>
    private sealed class FakeTrunk
    {
        private readonly Lock _gate = new();
        private readonly List<(int Count, TaskCompletionSource Reached)> _waiters = [];

        public List<SipRequest> Requests { get; } = [];

        public int GrantSeconds { get; set; } = 600;

        public bool Refuse { get; set; }

        /// <summary>How many of the next sends fail as a network error would.</summary>
        public int FailNext { get; set; }

        public Task<SipResponse> AnswerAsync(SipRequest request, SipPeer peer, CancellationToken cancellationToken)
        {
            if (FailNext > 0)
            {
                FailNext--;
                Record(request);
                throw new InvalidOperationException("no route to the trunk");
            }

            SipResponse response;
            if (Refuse)
            {
                response = SipResponse.CreateFor(request, SipStatusCodes.Forbidden);
            }
            else if (request.Headers.Get(SipHeaderNames.Authorization) is null)
            {
                response = SipResponse.CreateFor(request, SipStatusCodes.Unauthorized);
                response.Headers.Add(SipHeaderNames.WwwAuthenticate, $"Digest realm=\"trunk\", nonce=\"n{Requests.Count}\", qop=\"auth\"");
            }
            else
            {
                response = SipResponse.CreateFor(request, SipStatusCodes.Ok);
                response.Headers.Add(SipHeaderNames.Contact, request.Headers.Get(SipHeaderNames.Contact) + ";expires=" + GrantSeconds);
            }

            Record(request);
            return Task.FromResult(response);
        }

        private void Record(SipRequest request)
        {
            lock (_gate)
            {
                Requests.Add(request.Clone());
                foreach (var (count, reached) in _waiters)
                {
                    if (Requests.Count >= count)
                    {
                        reached.TrySetResult();
                    }
                }
            }
        }

        public Task WaitForAsync(int count)
        {
            lock (_gate)
            {
                if (Requests.Count >= count)
                {
                    return Task.CompletedTask;
                }

                var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                _waiters.Add((count, reached));
                return reached.Task.WaitAsync(TimeSpan.FromSeconds(10));
            }
        }
    }
}
