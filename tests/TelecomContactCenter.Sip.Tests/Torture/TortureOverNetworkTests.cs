using System.Net;
using System.Net.Sockets;
using System.Text;
using TelecomContactCenter.Sip.Authentication;
using TelecomContactCenter.Sip.Tests.Registrar;

namespace TelecomContactCenter.Sip.Tests.Torture;

/// <summary>
/// Every RFC 4475 message sent to the running stack (transports, transactions, UA core, registrar) over UDP and
/// over TCP, each from a new socket, followed by an OPTIONS probe. A message the RFC says is answered must get that
/// final status; one that cannot be answered (no Call-ID, a response nobody asked for) must get nothing, proven by
/// the probe's 200 arriving with nothing before it; and the stack keeps answering afterwards. Over UDP the message
/// gets one Via on top, as a proxy in front of the service would add, because the RFC's own Via names hosts on port
/// 5060 that the test cannot listen on; over TCP it is sent byte for byte and answered on the same connection.
/// </summary>
public sealed class TortureOverNetworkTests : IAsyncLifetime
{
    /// <summary>No final response at all: the message is dropped.</summary>
    private const int Dropped = 0;

    private RegistrarHarness _harness = null!;

    /// <summary>Name and the final status the RFC asks of a UAS/registrar like this one (0: dropped).</summary>
    public static TheoryData<string, int> Messages => new()
    {
        // §3.1.1 valid messages: parsed and answered (INVITEs from an address that is no trusted trunk: 403; wsinv
        // has a To tag, so it belongs to a dialog that does not exist: 481; esc02's method is the unknown token
        // "RE%47IST%45R", escapes are not decoded in a method: 501).
        { "wsinv", 481 }, { "intmeth", 501 }, { "esc01", 403 }, { "escnull", 401 }, { "esc02", 501 },
        { "lwsdisp", 200 }, { "longreq", 403 }, { "semiuri", 200 }, { "dblreq", 401 }, { "transports", 200 }, { "mpart01", 405 },
        { "unreason", Dropped }, { "noreason", Dropped },

        // §3.1.2 invalid messages: 400 (505 for the version) when a response can be formed, otherwise dropped.
        { "badinv01", Dropped }, { "clerr", 400 }, { "ncl", 400 }, { "scalar02", 400 }, { "scalarlg", Dropped },
        { "quotbal", Dropped }, { "ltgtruri", 400 }, { "lwsruri", 400 }, { "lwsstart", 400 }, { "trws", 400 },
        { "escruri", 400 }, { "baddate", 400 }, { "regbadct", 400 }, { "badaspec", Dropped }, { "baddn", Dropped },
        { "badvers", 505 }, { "mismatch01", 400 }, { "mismatch02", 400 }, { "bigcode", Dropped },

        // §3.2 transaction layer: a branch of just the magic cookie is still a valid branch.
        { "badbranch", 200 },

        // §3.3 application layer (REGISTERs are challenged before their contents are judged, RFC 3261 §10.3; multi01
        // has two Call-IDs, so no response can echo "the" Call-ID: dropped).
        { "insuf", Dropped }, { "unkscm", 416 }, { "novelsc", 416 }, { "unksm", 401 }, { "bext01", 420 },
        { "invut", 415 }, { "regaut01", 401 }, { "multi01", Dropped }, { "bcast", Dropped }, { "zeromf", 200 },
        { "cparam01", 401 }, { "cparam02", 401 }, { "regescrt", 401 }, { "sdp01", 406 },

        // §3.4 an RFC 2543 INVITE (no branch, no From tag, no Max-Forwards, no Content-Length) is still processed.
        { "inv2543", 403 },
    };

    /// <summary>
    /// The same over TCP, but for three whose meaning is tied to datagrams: inv2543 (an RFC 2543 request without
    /// Content-Length; RFC 3261 §18.3 requires it on streams), clerr (a Content-Length beyond the octets sent, which on a
    /// stream means "more is coming") and dblreq (on a stream its second request is simply the next message).
    /// </summary>
    public static TheoryData<string, int> StreamMessages
    {
        get
        {
            var data = new TheoryData<string, int>();
            foreach (var row in Messages)
            {
                if ((string)row[0] is not ("inv2543" or "clerr" or "dblreq"))
                {
                    data.Add((string)row[0], (int)row[1]);
                }
            }

            return data;
        }
    }

    public async Task InitializeAsync() => _harness = await RegistrarHarness.StartAsync(new DigestOptions());

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    [Theory]
    [MemberData(nameof(Messages))]
    public async Task Udp_TortureMessage_GetsTheRfcsAnswerAndTheStackKeepsAnswering(string name, int expected)
    {
        using var udp = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        var stack = new IPEndPoint(IPAddress.Loopback, _harness.UdpPort);
        var local = ((IPEndPoint)udp.Client.LocalEndPoint!).Port;
        await udp.SendAsync(WithProxyVia(TortureMessages.Load(name), local, name), stack);
        await udp.SendAsync(Probe("UDP", local), stack);

        var finals = await CollectAsync(async ct => (await udp.ReceiveAsync(ct)).Buffer, expected);

        Assert.Equal(expected == Dropped ? [] : [expected], finals);
    }

    [Theory]
    [MemberData(nameof(StreamMessages))]
    public async Task Tcp_TortureMessage_GetsTheRfcsAnswerAndTheStackKeepsAnswering(string name, int expected)
    {
        if (ClosedOnStreams.Contains(name))
        {
            await AssertConnectionClosedThenStackAnswersAsync(name);
            return;
        }

        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, _harness.TcpPort);
        var stream = tcp.GetStream();
        var local = ((IPEndPoint)tcp.Client.LocalEndPoint!).Port;
        await stream.WriteAsync(TortureMessages.Load(name));
        await stream.WriteAsync(Probe("TCP", local));

        var finals = await CollectAsync(ct => ReadStreamMessageAsync(stream, ct), expected);

        Assert.Equal(expected == Dropped ? [] : [expected], finals);
    }

    /// <summary>A Content-Length that cannot frame a stream (negative): the connection is closed, unanswered.</summary>
    private static readonly HashSet<string> ClosedOnStreams = ["ncl"];

    private async Task AssertConnectionClosedThenStackAnswersAsync(string name)
    {
        using (var tcp = new TcpClient())
        {
            await tcp.ConnectAsync(IPAddress.Loopback, _harness.TcpPort);
            await tcp.GetStream().WriteAsync(TortureMessages.Load(name));
            using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            Assert.Null(await ReadStreamMessageAsync(tcp.GetStream(), deadline.Token));
        }

        using var fresh = new TcpClient();
        await fresh.ConnectAsync(IPAddress.Loopback, _harness.TcpPort);
        await fresh.GetStream().WriteAsync(Probe("TCP", ((IPEndPoint)fresh.Client.LocalEndPoint!).Port));
        Assert.Empty(await CollectAsync(ct => ReadStreamMessageAsync(fresh.GetStream(), ct), Dropped));
    }

    /// <summary>
    /// Reads until the probe is answered and, when a final answer is expected, that answer has come (INVITEs and
    /// REGISTERs are answered by handlers that may finish after the probe); returns the torture message's finals.
    /// </summary>
    private static async Task<List<int>> CollectAsync(Func<CancellationToken, Task<byte[]?>> receive, int expected)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var finals = new List<int>();
        var probed = false;
        while (!probed || (expected != Dropped && finals.Count == 0))
        {
            var bytes = await receive(deadline.Token)
                ?? throw new Xunit.Sdk.XunitException($"connection closed; probe answered: {probed}, finals: {string.Join(",", finals)}");
            // Read by hand: an answer may echo values (a CSeq past 2^31) that this stack's own parser refuses.
            var text = Encoding.UTF8.GetString(bytes);
            if (!text.StartsWith("SIP/2.0 ", StringComparison.Ordinal)
                || !int.TryParse(text.AsSpan(8, 3), System.Globalization.CultureInfo.InvariantCulture, out var status) || status < 200)
            {
                continue;
            }

            if (text.Contains($"\r\nCall-ID: {ProbeCallId}\r\n", StringComparison.Ordinal))
            {
                Assert.Equal(200, status);
                probed = true;
            }
            else
            {
                finals.Add(status);
            }
        }

        return finals;
    }

    private const string ProbeCallId = "torture-probe@127.0.0.1";

    private static byte[] Probe(string transport, int port) => Encoding.ASCII.GetBytes(
        $"OPTIONS sip:probe@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/{transport} 127.0.0.1:{port};branch=z9hG4bKprobe{Guid.NewGuid():N};rport\r\n" +
        $"Max-Forwards: 70\r\nFrom: <sip:probe@127.0.0.1>;tag=p1\r\nTo: <sip:probe@127.0.0.1>\r\nCall-ID: {ProbeCallId}\r\n" +
        "CSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n");

    /// <summary>A request gets a Via for the test's socket above its own; responses are sent as they are.</summary>
    private static byte[] WithProxyVia(byte[] message, int port, string name)
    {
        var lineEnd = Array.IndexOf(message, (byte)'\n');
        if (message.AsSpan().StartsWith("SIP/"u8) || lineEnd < 0)
        {
            return message;
        }

        var via = Encoding.ASCII.GetBytes($"Via: SIP/2.0/UDP 127.0.0.1:{port};branch=z9hG4bKproxy-{name};rport\r\n");
        return [.. message.AsSpan(0, lineEnd + 1), .. via, .. message.AsSpan(lineEnd + 1)];
    }

    /// <summary>One message from the stream (headers up to the blank line, then Content-Length octets); null at EOF.</summary>
    private static async Task<byte[]?> ReadStreamMessageAsync(NetworkStream stream, CancellationToken ct)
    {
        var buffer = new List<byte>();
        var one = new byte[1];
        while (buffer.Count < 4 || buffer[^4] != '\r' || buffer[^3] != '\n' || buffer[^2] != '\r' || buffer[^1] != '\n')
        {
            if (await stream.ReadAsync(one, ct) == 0)
            {
                return null;
            }

            buffer.Add(one[0]);
        }

        var head = Encoding.ASCII.GetString([.. buffer]);
        var length = head.Split("\r\n").Select(l => l.Split(':', 2))
            .Where(p => p.Length == 2 && p[0].Trim().Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
            .Select(p => int.Parse(p[1].Trim(), System.Globalization.CultureInfo.InvariantCulture)).FirstOrDefault();
        var body = new byte[length];
        await stream.ReadExactlyAsync(body, ct);
        return [.. buffer, .. body];
    }
}
