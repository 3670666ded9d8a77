using System.Net;
using System.Text.RegularExpressions;
using TelecomContactCenter.Server.Tests.Telephony;
using TelecomContactCenter.Testing;

namespace TelecomContactCenter.Server.Tests.Capacity;

/// <summary>
/// The server as its own process under a small open-file limit, with more callers than the limit leaves media
/// sockets for. Before the descriptor budget such a server opened RTP sockets until the runtime could not start a
/// thread and aborted ("Out of memory."), dropping every call.
/// </summary>
public sealed partial class OpenFileLimitTests
{
    private const int OpenFileLimit = 1100;
    private const int Callers = 400;

    [Fact]
    public async Task IvrCalls_MoreThanTheOpenFileLimitHoldsMediaFor_ExtraCallsGet503AndServiceContinues()
    {
        await using var server = await ServerProcess.StartAsync(OpenFileLimit, [("Media:RtpPorts:MinPort", "21000"), ("Media:RtpPorts:MaxPort", "22999")]);
        var pairs = int.Parse(server.Find(PairsPlanned()) ?? throw new InvalidOperationException(server.Log), System.Globalization.CultureInfo.InvariantCulture);

        var crowd = await Sipp.RunAsync("invite-hold-or-refused.xml", server.SipUdp!,
            ["-s", "10000", "-key", "caller", "+8613800000004", "-m", $"{Callers}", "-l", $"{Callers}", "-r", "200", "-d", "4000"],
            deadline: TimeSpan.FromSeconds(60));
        using var http = new HttpClient { BaseAddress = server.Http };
        var health = await http.GetAsync(new Uri("/healthz", UriKind.Relative));
        var later = await Sipp.RunAsync("invite-hold-or-refused.xml", server.SipUdp!,
            ["-s", "10000", "-key", "caller", "+8613800000004", "-m", "1", "-d", "200"]);

        Assert.False(server.HasExited, server.Log);
        Assert.InRange(pairs, 20, Callers - 20);
        Assert.True(crowd.ExitCode == 0 && crowd.Successful == Callers, crowd.Describe());
        // Answered calls may hold half of the pairs (Media:RtpPorts:AnsweredSharePercent): the rest is kept for
        // the agents' legs those callers will be bridged to.
        var answerable = pairs / 2;
        Assert.Equal(answerable, CallsAnswered(crowd.Messages, "200 OK"));
        Assert.Equal(Callers - answerable, CallsAnswered(crowd.Messages, "503 Service Unavailable"));
        Assert.Contains("Media:RtpPorts holds 1000 RTP/RTCP pairs", server.Log);
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.True(later.ExitCode == 0 && CallsAnswered(later.Messages, "200 OK") == 1, later.Describe());
    }

    /// <summary>Distinct calls whose INVITE got this final response, from sipp's message log.</summary>
    private static int CallsAnswered(string messages, string status) =>
        messages.Split("----------------------------------------------")
            .Where(block => block.Contains($"SIP/2.0 {status}", StringComparison.Ordinal) && InviteResponse().IsMatch(block))
            .Select(block => CallId().Match(block).Groups[1].Value)
            .Distinct(StringComparer.Ordinal)
            .Count();

    [GeneratedRegex(@"up to (\d+) RTP port pairs")]
    private static partial Regex PairsPlanned();

    [GeneratedRegex(@"(?im)^\s*CSeq:\s*1 INVITE")]
    private static partial Regex InviteResponse();

    [GeneratedRegex(@"(?im)^\s*Call-ID:\s*(\S+)")]
    private static partial Regex CallId();
}
