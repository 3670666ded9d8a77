using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using TelecomContactCenter.Sip.Authentication;
using TelecomContactCenter.Sip.Messages;
using TelecomContactCenter.Sip.Registrar;
using TelecomContactCenter.Sip.Tests.Authentication;
using TelecomContactCenter.Sip.Tests.Registrar;
using TelecomContactCenter.Sip.Transport;
using TelecomContactCenter.Testing;

namespace TelecomContactCenter.Sip.Tests.Transport;

/// <summary>SIP over TLS with certificates openssl makes for the test: the listener, connection reuse and the
/// start-up checks of the certificate configuration.</summary>
public sealed class TlsTransportTests
{
    [Fact]
    public async Task A_phone_registered_over_TLS_is_answered_and_called_back_on_its_own_connection()
    {
        using var certificates = await TestCertificates.CreateAsync();
        await using var harness = await RegistrarHarness.StartAsync(new DigestOptions(), TlsOptions(certificates));
        var tlsEndPoint = harness.Stack.TlsEndPoint!;

        await using var phone = await TlsPhone.ConnectAsync(tlsEndPoint, certificates.CaPath);
        Assert.True(phone.Stream.SslProtocol is SslProtocols.Tls12 or SslProtocols.Tls13, $"negotiated {phone.Stream.SslProtocol}");
        var suite = phone.Stream.NegotiatedCipherSuite.ToString();
        Assert.True(suite.Contains("GCM", StringComparison.Ordinal) || suite.Contains("CHACHA20", StringComparison.Ordinal), suite);

        await phone.SendAsync(Register(phone.LocalPort, 1, null));
        var challenge = await phone.ReceiveAsync();
        Assert.StartsWith("SIP/2.0 401", challenge, StringComparison.Ordinal);
        var authorization = TestDigestClient.Authorization(
            Header(challenge, "WWW-Authenticate"), "agent1", InMemorySipCredentialStore.DemoPassword, uri: "sip:127.0.0.1");
        await phone.SendAsync(Register(phone.LocalPort, 2, authorization));
        Assert.StartsWith("SIP/2.0 200", await phone.ReceiveAsync(), StringComparison.Ordinal);

        var binding = Assert.Single(harness.Store.FindContacts("agent1"));
        Assert.Equal(SipTransportNames.Tls, binding.Transport);

        // The service reaches the phone over the connection the phone opened (its Contact port listens for nothing).
        var options = harness.Stack.CreateRequest(
            SipMethod.Options, binding.Contact.Uri, new NameAddress(SipUri.Sip("service", "127.0.0.1")), new NameAddress(binding.Contact.Uri),
            binding.Transport);
        var sending = harness.Stack.SendRequestAsync(options, binding.Target, null, CancellationToken.None);
        var request = await phone.ReceiveAsync();
        Assert.StartsWith("OPTIONS sip:agent1@127.0.0.1", request, StringComparison.Ordinal);
        Assert.Contains("Via: SIP/2.0/TLS", request, StringComparison.Ordinal);
        await phone.SendAsync(Answer(request));
        var result = await sending.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(200, result.FinalResponse.StatusCode);
    }

    [Fact]
    public async Task Plain_SIP_on_the_TLS_port_gets_no_answer_and_the_connection_is_closed()
    {
        using var certificates = await TestCertificates.CreateAsync();
        await using var harness = await RegistrarHarness.StartAsync(new DigestOptions(), TlsOptions(certificates));
        using var client = new TcpClient();
        await client.ConnectAsync(harness.Stack.TlsEndPoint!);
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(Register(((IPEndPoint)client.Client.LocalEndPoint!).Port, 1, null)));
        var buffer = new byte[4096];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var total = 0;
        int read;
        while ((read = await stream.ReadAsync(buffer, timeout.Token)) > 0)
        {
            total += read;
        }

        // A TLS alert at most; never a SIP response in clear text.
        Assert.DoesNotContain("SIP/2.0", Encoding.ASCII.GetString(buffer, 0, Math.Min(total, buffer.Length)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_a_certificate_no_TLS_listener_runs()
    {
        await using var harness = await RegistrarHarness.StartAsync(
            new DigestOptions(), new SipTransportOptions { Address = "127.0.0.1", UdpPort = 0, TcpPort = 0, TlsPort = 0 });
        Assert.Null(harness.Stack.TlsEndPoint);
    }

    [Fact]
    public async Task Start_up_stops_naming_the_key_when_the_private_key_is_missing_or_not_the_certificates()
    {
        using var certificates = await TestCertificates.CreateAsync();
        await certificates.IssueAsync("other");
        var missing = TlsOptions(certificates);
        missing.TlsPrivateKeyPath = Path.Combine(certificates.Folder, "absent.key");
        var error = Assert.Throws<InvalidOperationException>(() => SipTlsSettings.Load(missing));
        Assert.Contains("Sip:Transport:TlsPrivateKeyPath", error.Message, StringComparison.Ordinal);
        Assert.Contains("absent.key", error.Message, StringComparison.Ordinal);

        var mismatched = TlsOptions(certificates);
        mismatched.TlsPrivateKeyPath = Path.Combine(certificates.Folder, "other.key");
        error = Assert.Throws<InvalidOperationException>(() => SipTlsSettings.Load(mismatched));
        Assert.Contains("Sip:Transport:TlsPrivateKeyPath", error.Message, StringComparison.Ordinal);

        var unset = TlsOptions(certificates);
        unset.TlsPrivateKeyPath = null;
        error = Assert.Throws<InvalidOperationException>(() => SipTlsSettings.Load(unset));
        Assert.Contains("Sip:Transport:TlsPrivateKeyPath", error.Message, StringComparison.Ordinal);

        var notPem = TlsOptions(certificates);
        notPem.TlsCertificatePath = certificates.KeyPath;
        error = Assert.Throws<InvalidOperationException>(() => SipTlsSettings.Load(notPem));
        Assert.Contains("Sip:Transport:TlsCertificatePath", error.Message, StringComparison.Ordinal);
    }

    internal static SipTransportOptions TlsOptions(TestCertificates certificates) => new()
    {
        Address = "127.0.0.1",
        UdpPort = 0,
        TcpPort = 0,
        TlsPort = 0,
        TlsCertificatePath = certificates.CertificatePath,
        TlsPrivateKeyPath = certificates.KeyPath,
        TlsTrustedCaPath = certificates.CaPath,
    };

    private static string Register(int localPort, int cseq, string? authorization) =>
        "REGISTER sip:127.0.0.1 SIP/2.0\r\n" +
        $"Via: SIP/2.0/TLS 127.0.0.1:{localPort};branch=z9hG4bK-tls-{cseq};rport\r\n" +
        "Max-Forwards: 70\r\nFrom: <sip:agent1@127.0.0.1>;tag=tls1\r\nTo: <sip:agent1@127.0.0.1>\r\n" +
        $"Call-ID: tls-register-1\r\nCSeq: {cseq} REGISTER\r\n" +
        "Contact: <sip:agent1@127.0.0.1:9;transport=tls>\r\nExpires: 300\r\n" +
        (authorization is null ? string.Empty : $"Authorization: {authorization}\r\n") +
        "Content-Length: 0\r\n\r\n";

    private static string Answer(string request)
    {
        var lines = request.Split("\r\n");
        var copied = lines.Where(l => l.StartsWith("Via:", StringComparison.Ordinal) || l.StartsWith("From:", StringComparison.Ordinal)
            || l.StartsWith("Call-ID:", StringComparison.Ordinal) || l.StartsWith("CSeq:", StringComparison.Ordinal));
        var to = lines.First(l => l.StartsWith("To:", StringComparison.Ordinal));
        return "SIP/2.0 200 OK\r\n" + string.Join("\r\n", copied) + $"\r\n{to};tag=phone1\r\nContent-Length: 0\r\n\r\n";
    }

    private static string Header(string message, string name) =>
        message.Split("\r\n").First(l => l.StartsWith(name + ":", StringComparison.OrdinalIgnoreCase))[(name.Length + 1)..].Trim();

    /// <summary>A phone's end of a TLS connection that trusts only the test CA and reads whole SIP messages.</summary>
    private sealed class TlsPhone : IAsyncDisposable
    {
        private readonly TcpClient _client;
        private readonly byte[] _buffer = new byte[65_536];
        private int _filled;

        private TlsPhone(TcpClient client, SslStream stream)
        {
            _client = client;
            Stream = stream;
        }

        public SslStream Stream { get; }

        public int LocalPort => ((IPEndPoint)_client.Client.LocalEndPoint!).Port;

        public static async Task<TlsPhone> ConnectAsync(IPEndPoint server, string caPath)
        {
            var client = new TcpClient();
            await client.ConnectAsync(server);
            var ca = X509CertificateLoader.LoadCertificateFromFile(caPath);
            var stream = new SslStream(client.GetStream(), false, (_, certificate, _, errors) =>
            {
                if (certificate is null || (errors & ~SslPolicyErrors.RemoteCertificateChainErrors) != 0)
                {
                    return false;
                }

                using var chain = new X509Chain();
                chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
                chain.ChainPolicy.CustomTrustStore.Add(ca);
                chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
                return chain.Build((X509Certificate2)certificate);
            });
            await stream.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = "127.0.0.1" });
            return new TlsPhone(client, stream);
        }

        public async Task SendAsync(string message)
        {
            await Stream.WriteAsync(Encoding.ASCII.GetBytes(message));
            await Stream.FlushAsync();
        }

        public async Task<string> ReceiveAsync()
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            while (true)
            {
                if (SipStreamFramer.TryFrame(_buffer.AsSpan(0, _filled), _buffer.Length, out var skip, out var length) == SipFrameStatus.Frame)
                {
                    var text = Encoding.ASCII.GetString(_buffer, skip, length);
                    _buffer.AsSpan(skip + length, _filled - skip - length).CopyTo(_buffer);
                    _filled -= skip + length;
                    return text;
                }

                var read = await Stream.ReadAsync(_buffer.AsMemory(_filled), timeout.Token);
                if (read == 0)
                {
                    throw new IOException("The service closed the TLS connection.");
                }

                _filled += read;
            }
        }

        public async ValueTask DisposeAsync()
        {
            await Stream.DisposeAsync();
            _client.Dispose();
        }
    }
}
