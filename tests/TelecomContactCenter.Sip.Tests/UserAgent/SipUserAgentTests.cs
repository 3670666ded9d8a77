using Microsoft.Extensions.Logging.Abstractions;
using TelecomContactCenter.Sip.Tests.Integration;
using TelecomContactCenter.Sip.Transport;
using TelecomContactCenter.Sip.UserAgent;

namespace TelecomContactCenter.Sip.Tests.UserAgent;

/// <summary>The UA core's own answers, driven over real UDP against a running stack.</summary>
public sealed class SipUserAgentTests
{
    [Fact]
    public async Task Bye_UnknownDialog_Answers481()
    {
        await using var stack = await StartAsync(new AccessNumberHandler());
        using var client = new RawSipClient(stack.UdpEndPoint);

        await client.SendAsync(client.Request("BYE", "nodialog", 2, toTag: "unknown"));
        var response = await client.ReceiveAsync();

        Assert.Equal(481, response.StatusCode);
    }

    [Theory]
    [InlineData("REGISTER", 405)]
    [InlineData("FROBNICATE", 501)]
    public async Task Request_UnsupportedMethod_Answers405Or501WithAllow(string method, int expected)
    {
        await using var stack = await StartAsync(new AccessNumberHandler());
        using var client = new RawSipClient(stack.UdpEndPoint);

        await client.SendAsync(client.Request(method, "m-" + method, 1));
        var response = await client.ReceiveAsync();

        Assert.Equal(expected, response.StatusCode);
        Assert.Contains("INVITE", response.Headers.Get("Allow"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invite_HandlerRedirectsWithoutWaiting_FirstResponseIsThe302()
    {
        await using var stack = await StartAsync(new RedirectHandler(Task.CompletedTask));
        using var client = new RawSipClient(stack.UdpEndPoint);

        await client.SendAsync(client.Request("INVITE", "redirect-now", 1));
        var first = await client.ReceiveAsync(100);

        Assert.Equal(302, first.StatusCode);
    }

    [Fact]
    public async Task Invite_HandlerWaitsForALookup_Gets100TryingBeforeThe302()
    {
        var lookup = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var stack = await StartAsync(new RedirectHandler(lookup.Task));
        using var client = new RawSipClient(stack.UdpEndPoint);

        await client.SendAsync(client.Request("INVITE", "redirect-later", 1));
        var first = await client.ReceiveAsync(100);
        lookup.SetResult();
        var final = await client.ReceiveAsync(101);

        Assert.Equal(100, first.StatusCode);
        Assert.Equal(302, final.StatusCode);
    }

    [Fact]
    public async Task Invite_HandlerThrows_Answers500()
    {
        await using var stack = await StartAsync(new ThrowingHandler());
        using var client = new RawSipClient(stack.UdpEndPoint);

        await client.SendAsync(client.Request("INVITE", "boom", 1));
        var response = await client.ReceiveAsync();

        Assert.Equal(500, response.StatusCode);
        Assert.NotNull(response.To!.Tag);
    }

    [Fact]
    public async Task ReInvite_HostLeavesUnanswered_Gets200WithTheLastLocalSdp()
    {
        await using var stack = await StartAsync(new AccessNumberHandler());
        using var client = new RawSipClient(stack.UdpEndPoint);
        await client.SendAsync(client.Request("INVITE", "reinv", 1, body: "v=0\r\n"));
        var answer = await client.ReceiveAsync(200);
        var tag = answer.To!.Tag!;
        await client.SendAsync(client.Request("ACK", "reinv", 1, toTag: tag, branch: "z9hG4bKack"));

        await client.SendAsync(client.Request("INVITE", "reinv", 2, toTag: tag, body: "v=0\r\n"));
        var refreshed = await ReceiveCSeqAsync(client, 2);

        Assert.Equal(200, refreshed.StatusCode);
        Assert.Equal(tag, refreshed.To!.Tag);
        Assert.Equal(AccessNumberHandler.AnswerSdp, refreshed.Body.ToArray());
    }

    [Fact]
    public async Task InDialogRequest_OlderCSeq_Answers500()
    {
        await using var stack = await StartAsync(new AccessNumberHandler());
        using var client = new RawSipClient(stack.UdpEndPoint);
        await client.SendAsync(client.Request("INVITE", "order", 5, body: "v=0\r\n"));
        var tag = (await client.ReceiveAsync(200)).To!.Tag;

        await client.SendAsync(client.Request("OPTIONS", "order", 3, toTag: tag));
        var response = await client.ReceiveAsync(200, "OPTIONS");

        Assert.Equal(500, response.StatusCode);
    }

    [Fact]
    public async Task Options_OutsideDialog_Answers200WithAllowAndAccept()
    {
        await using var stack = await StartAsync(new AccessNumberHandler());
        using var client = new RawSipClient(stack.UdpEndPoint);

        await client.SendAsync(client.Request("OPTIONS", "opt", 1));
        var response = await client.ReceiveAsync();

        Assert.Equal(200, response.StatusCode);
        Assert.Equal("application/sdp", response.Headers.Get("Accept"));
        Assert.Contains("BYE", response.Headers.Get("Allow"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cancel_AfterAnswer_Gets200AndTheCallStays()
    {
        await using var stack = await StartAsync(new AccessNumberHandler());
        using var client = new RawSipClient(stack.UdpEndPoint);
        await client.SendAsync(client.Request("INVITE", "late-cancel", 1, body: "v=0\r\n"));
        var answer = await client.ReceiveAsync(200);

        await client.SendAsync(client.Request("CANCEL", "late-cancel", 1));
        var cancelResponse = await client.ReceiveAsync(200, "CANCEL");

        Assert.Equal(200, answer.StatusCode);
        Assert.Equal(("CANCEL", 200), (cancelResponse.CSeq!.Value.Method, cancelResponse.StatusCode));
        Assert.Equal(1, stack.UserAgent.ActiveCalls);
    }

    private static async Task<TelecomContactCenter.Sip.Messages.SipResponse> ReceiveCSeqAsync(RawSipClient client, long sequence)
    {
        while (true)
        {
            var response = await client.ReceiveAsync(200, "INVITE");
            if (response.CSeq!.Value.Number == sequence)
            {
                return response;
            }
        }
    }

    internal static async Task<SipStack> StartAsync(ISipRequestHandler handler, int port = 0)
    {
        var options = new SipStackOptions { Transport = new SipTransportOptions { Address = "127.0.0.1", UdpPort = port, TcpPort = port } };
        var stack = new SipStack(options, handler, TimeProvider.System, NullLoggerFactory.Instance);
        await stack.StartAsync(CancellationToken.None);
        return stack;
    }

    /// <summary>Waits for <paramref name="lookup"/> (a routing lookup) and answers 302.</summary>
    private sealed class RedirectHandler(Task lookup) : ISipRequestHandler
    {
        public async ValueTask OnInboundCallAsync(InboundCall inboundCall, CancellationToken cancellationToken)
        {
            await lookup;
            inboundCall.Call.Redirect([TelecomContactCenter.Sip.Messages.SipUri.Sip("vip-desk", "queues.example")]);
        }
    }

    private sealed class ThrowingHandler : ISipRequestHandler
    {
        public ValueTask OnInboundCallAsync(InboundCall inboundCall, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("host bug");
    }
}
