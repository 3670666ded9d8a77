using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using TelecomContactCenter.Media.Calls;
using TelecomContactCenter.Media.Codecs;
using TelecomContactCenter.Media.Playback;
using TelecomContactCenter.Media.Rtp;
using TelecomContactCenter.Sip.Sdp;
using TelecomContactCenter.Testing;

namespace TelecomContactCenter.Media.Tests.Sipp;

public sealed class SippCallTests : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("tcc-sipp-");

    [Theory]
    [InlineData("1", '1')]
    [InlineData("pound", '#')]
    public async Task Call_SippCallerSendsRfc2833Digit_CallMediaHearsItOnce(string capture, char expected)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var scenario = Path.Combine(_folder.FullName, "caller.xml");
        await File.WriteAllTextAsync(scenario, SippDtmfScenario.Xml($"/usr/share/sip-tester/dtmf_2833_{capture}.pcap"), timeout.Token);
        using var uas = new MinimalUas();
        var time = new ManualTimeProvider();
        using var scheduler = new PacingScheduler(time);
        await using var media = new CallMedia(RtpSessionFactory.OpenEphemeral(IPAddress.Loopback, new RtpSessionOptions { Cname = "ivr" }, time), scheduler);
        var digits = new List<char>();
        var heard = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        media.DigitReceived += d =>
        {
            lock (digits)
            {
                digits.Add(d);
            }

            heard.TrySetResult();
        };
        using var sipp = StartSipp(scenario, uas.EndPoint);
        var output = sipp.StandardOutput.ReadToEndAsync(timeout.Token);

        try
        {
            var invite = await uas.ReceiveAsync(timeout.Token);
            Assert.Equal("INVITE", invite.Method);
            Assert.True(SdpParser.TryParse(invite.Body, out var offer, out var error), error);
            var negotiation = new SdpAnswerer().Answer(offer, new SdpLocalMedia(IPAddress.Loopback, media.LocalRtpPort, 1, 1));
            var accepted = Assert.IsType<SdpAccepted>(negotiation);
            var audio = accepted.Audio;
            media.Connect(audio.RemoteRtp, new AudioFormat(audio.Codec == AudioCodec.Pcmu ? G711Law.MuLaw : G711Law.ALaw, audio.PayloadType, audio.TelephoneEventPayloadType));
            await uas.RespondAsync(invite, 200, "OK", accepted.Answer.ToString(), timeout.Token);
            var next = await uas.ReceiveAsync(timeout.Token);
            while (next.Method == "INVITE")
            {
                // sipp retransmits the INVITE every 500 ms until it sees our answer; answer the copies too.
                await uas.RespondAsync(next, 200, "OK", accepted.Answer.ToString(), timeout.Token);
                next = await uas.ReceiveAsync(timeout.Token);
            }

            Assert.Equal("ACK", next.Method);
            await heard.Task.WaitAsync(timeout.Token);
            var bye = await uas.ReceiveAsync(timeout.Token);
            while (bye.Method == "ACK")
            {
                bye = await uas.ReceiveAsync(timeout.Token); // an ACK repeated for a repeated 200
            }

            await uas.RespondAsync(bye, 200, "OK", null, timeout.Token);
            await sipp.WaitForExitAsync(timeout.Token);

            Assert.Equal((AudioCodec.Pcma, 8, 101), (audio.Codec, audio.PayloadType, audio.TelephoneEventPayloadType!.Value));
            Assert.Equal("BYE", bye.Method);
            Assert.Equal(0, sipp.ExitCode);
            lock (digits)
            {
                Assert.Equal([expected], digits);
            }

            Assert.True(media.Session.ReceiveStatistics.Received >= 10);
        }
        catch (Exception ex) when (ex is OperationCanceledException or Xunit.Sdk.XunitException)
        {
            if (!sipp.HasExited)
            {
                sipp.Kill();
            }

            throw new InvalidOperationException($"sipp said: {await output}", ex);
        }
    }

    public void Dispose() => _folder.Delete(recursive: true);

    private Process StartSipp(string scenario, IPEndPoint uas)
    {
        var start = new ProcessStartInfo("/usr/bin/sipp")
        {
            WorkingDirectory = _folder.FullName,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[]
        {
            uas.ToString(), "-sf", scenario, "-m", "1", "-i", "127.0.0.1", "-p", FreeUdpPort().ToString(System.Globalization.CultureInfo.InvariantCulture), "-mp", FreeUdpPort().ToString(System.Globalization.CultureInfo.InvariantCulture),
            "-timeout", "25s", "-timeout_error", "-nostdin", "-trace_err",
        })
        {
            start.ArgumentList.Add(arg);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("sipp did not start.");
        _ = process.StandardError.ReadToEndAsync();
        return process;
    }

    // sipp would take 5060 by default, which parallel suites share; an OS-chosen free port avoids that. The media
    // port is only the source of the raw-socket RTP, so any free one will do.
    private static int FreeUdpPort()
    {
        using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        probe.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)probe.LocalEndPoint!).Port;
    }
}
