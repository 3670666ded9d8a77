using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using TelecomContactCenter.Sip.Authentication;
using TelecomContactCenter.Sip.Tests.Registrar;
using TelecomContactCenter.Sip.Transport;
using TelecomContactCenter.Testing;

namespace TelecomContactCenter.Sip.Tests.Transport;

/// <summary>
/// Kamailio (with kamailio-tls-modules) as the operator's TLS trunk in front of the service, configured from
/// deploy/kamailio/tls-trunk.cfg and tls.cfg: sipp calls Kamailio over UDP, Kamailio relays over TLS to the service
/// (verifying its certificate against the test CA), and the answer comes back the same way.
/// </summary>
public sealed class KamailioTlsTrunkTests
{
    private const string Scenario = """
        <?xml version="1.0" encoding="UTF-8" ?>
        <scenario name="call-through-tls-trunk">
          <send retrans="500"><![CDATA[
              INVITE sip:10000@[remote_ip]:[remote_port] SIP/2.0
              Via: SIP/2.0/UDP [local_ip]:[local_port];branch=[branch]
              From: <sip:+8613900000001@[local_ip]>;tag=[call_number]
              To: <sip:10000@[remote_ip]:[remote_port]>
              Call-ID: [call_id]
              CSeq: 1 INVITE
              Contact: <sip:caller@[local_ip]:[local_port]>
              Max-Forwards: 70
              Content-Length: 0

            ]]></send>
          <recv response="100" optional="true" />
          <recv response="480" />
          <send><![CDATA[
              ACK sip:10000@[remote_ip]:[remote_port] SIP/2.0
              Via: SIP/2.0/UDP [local_ip]:[local_port];branch=[branch]
              From: <sip:+8613900000001@[local_ip]>;tag=[call_number]
              [last_To:]
              Call-ID: [call_id]
              CSeq: 1 ACK
              Max-Forwards: 70
              Content-Length: 0

            ]]></send>
        </scenario>
        """;

    [Fact]
    public async Task A_call_from_the_carrier_side_reaches_the_service_over_TLS_through_Kamailio_and_its_answer_returns()
    {
        using var certificates = await TestCertificates.CreateAsync();
        await using var harness = await RegistrarHarness.StartAsync(
            new DigestOptions(), TlsTransportTests.TlsOptions(certificates), "127.0.0.1/32");
        var service = harness.Stack.TlsEndPoint!;
        var udpPort = Sipp.FreeUdpAndTcpPort();
        var tlsPort = Sipp.FreeUdpAndTcpPort();
        await using var kamailio = await Kamailio.StartAsync(certificates, udpPort, tlsPort, service);

        var scenario = Path.Combine(certificates.Folder, "call.xml");
        await File.WriteAllTextAsync(scenario, Scenario);
        var run = await Sipp.RunAsync(
            [
                $"127.0.0.1:{udpPort}", "-sf", scenario, "-m", "1", "-i", "127.0.0.1",
                "-p", Sipp.FreeUdpAndTcpPort().ToString(CultureInfo.InvariantCulture),
            ],
            TimeSpan.FromSeconds(60));

        Assert.True(run.Successful == 1 && run.Failed == 0, run.Describe() + "\n" + kamailio.Output());
        Assert.Equal(SipTransportNames.Tls, Assert.Single(harness.CallTransports));
        var (status, _) = Assert.Single(harness.Calls);
        Assert.Equal(480, status);
    }

    /// <summary>One Kamailio process on the shipped configuration, its placeholders filled in, killed on dispose.</summary>
    private sealed class Kamailio : IAsyncDisposable
    {
        private readonly PeerProcess _process;

        private Kamailio(PeerProcess process) => _process = process;

        public static async Task<Kamailio> StartAsync(TestCertificates certificates, int udpPort, int tlsPort, IPEndPoint service)
        {
            var deploy = Path.Combine(RepositoryFiles.Root(), "deploy", "kamailio");
            var folder = certificates.Folder;
            var tlsConfig = Path.Combine(folder, "kamailio-tls.cfg");
            await File.WriteAllTextAsync(tlsConfig, (await File.ReadAllTextAsync(Path.Combine(deploy, "tls.cfg")))
                .Replace("__CERTIFICATE__", certificates.CertificatePath, StringComparison.Ordinal)
                .Replace("__KEY__", certificates.KeyPath, StringComparison.Ordinal)
                .Replace("__CA__", certificates.CaPath, StringComparison.Ordinal));
            var config = Path.Combine(folder, "kamailio.cfg");
            await File.WriteAllTextAsync(config, (await File.ReadAllTextAsync(Path.Combine(deploy, "tls-trunk.cfg")))
                .Replace("__UDP_ADDRESS__", "127.0.0.1", StringComparison.Ordinal)
                .Replace("__UDP_PORT__", udpPort.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
                .Replace("__TLS_ADDRESS__", "127.0.0.1", StringComparison.Ordinal)
                .Replace("__TLS_PORT__", tlsPort.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
                .Replace("__SERVICE__", service.ToString(), StringComparison.Ordinal)
                .Replace("__TLS_CFG__", tlsConfig, StringComparison.Ordinal));
            var run = Directory.CreateDirectory(Path.Combine(folder, "run")).FullName;
            var start = new ProcessStartInfo("/usr/sbin/kamailio");
            foreach (var argument in new[] { "-f", config, "-DD", "-E", "-Y", run, "-m", "64", "-M", "8" })
            {
                start.ArgumentList.Add(argument);
            }

            var kamailio = new Kamailio(PeerProcess.Start(start));
            await kamailio.WaitListeningAsync(tlsPort);
            return kamailio;
        }

        public string Output() => _process.Log;

        public ValueTask DisposeAsync() => _process.DisposeAsync();

        /// <summary>Kamailio binds its sockets before forking workers; its TLS port accepting is the sign it is up.</summary>
        private async Task WaitListeningAsync(int tlsPort)
        {
            using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            while (true)
            {
                if (_process.HasExited)
                {
                    throw new InvalidOperationException($"kamailio exited {_process.ExitCode}:\n{Output()}");
                }

                try
                {
                    using var probe = new TcpClient();
                    await probe.ConnectAsync(IPAddress.Loopback, tlsPort, deadline.Token);
                    return;
                }
                catch (SocketException)
                {
                    await Task.Delay(100, deadline.Token);
                }
            }
        }
    }
}
