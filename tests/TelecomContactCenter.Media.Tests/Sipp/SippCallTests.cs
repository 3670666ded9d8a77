using System.Net;
using Microsoft.Extensions.Time.Testing;
using TelecomContactCenter.Media.Calls;
using TelecomContactCenter.Media.Codecs;
using TelecomContactCenter.Media.Playback;
using TelecomContactCenter.Media.Rtp;
using TelecomContactCenter.Sip.Sdp;
using TelecomContactCenter.Testing;
using SippProcess = TelecomContactCenter.Testing.Sipp;

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
        var time = new FakeTimeProvider();
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
        var sipp = SippProcess.RunAsync(
            [uas.EndPoint.ToString(), "-sf", scenario, "-m", "1", "-i", "127.0.0.1", "-p", SippProcess.FreePort(), "-mp", SippProcess.FreeMediaPort(),
                "-timeout", "25s", "-timeout_error"], TimeSpan.FromSeconds(30));

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
            var run = await sipp;

            Assert.Equal((AudioCodec.Pcma, 8, 101), (audio.Codec, audio.PayloadType, audio.TelephoneEventPayloadType!.Value));
            Assert.Equal("BYE", bye.Method);
            Assert.True(run.ExitCode == 0, run.Describe());
            lock (digits)
            {
                Assert.Equal([expected], digits);
            }

            Assert.True(media.Session.ReceiveStatistics.Received >= 10);
        }
        catch (Exception ex) when (ex is OperationCanceledException or Xunit.Sdk.XunitException)
        {
            string said;
            try
            {
                said = (await sipp).Describe();
            }
            catch (OperationCanceledException)
            {
                said = "nothing: it was still running at its deadline";
            }

            throw new InvalidOperationException($"sipp said: {said}", ex);
        }
    }

    public void Dispose() => _folder.Delete(recursive: true);
}
