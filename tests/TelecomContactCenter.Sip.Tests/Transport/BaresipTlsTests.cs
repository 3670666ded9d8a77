using System.Diagnostics;
using System.Globalization;
using TelecomContactCenter.Sip.Authentication;
using TelecomContactCenter.Sip.Messages;
using TelecomContactCenter.Sip.Tests.Registrar;
using TelecomContactCenter.Sip.Transport;
using TelecomContactCenter.Testing;

namespace TelecomContactCenter.Sip.Tests.Transport;

/// <summary>baresip (Debian's softphone) as an agent's phone registering over TLS, trusting the test CA
/// (<c>sip_cafile</c>), and reached back over its own TLS connection.</summary>
public sealed class BaresipTlsTests
{
    [Fact]
    public async Task Baresip_registers_over_TLS_and_is_reached_back_over_its_connection()
    {
        using var certificates = await TestCertificates.CreateAsync();
        var digest = new DigestOptions();
        digest.Algorithms.Add("MD5");
        await using var harness = await RegistrarHarness.StartAsync(digest, TlsTransportTests.TlsOptions(certificates));
        var service = harness.Stack.TlsEndPoint!;

        var config = Directory.CreateDirectory(Path.Combine(certificates.Folder, "baresip")).FullName;
        var listen = Sipp.FreeUdpAndTcpPort();
        await File.WriteAllTextAsync(Path.Combine(config, "config"), string.Join('\n',
            "module_path /usr/lib/baresip/modules",
            $"sip_listen 127.0.0.1:{listen.ToString(CultureInfo.InvariantCulture)}",
            $"sip_cafile {certificates.CaPath}",
            "module g711.so",
            "module_app account.so",
            string.Empty));
        await File.WriteAllTextAsync(Path.Combine(config, "accounts"),
            $"<sip:agent1@127.0.0.1:{service.Port.ToString(CultureInfo.InvariantCulture)};transport=tls>" +
            $";auth_pass={InMemorySipCredentialStore.DemoPassword};regint=300\n");
        var start = new ProcessStartInfo("/usr/bin/baresip")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "-4", "-f", config, "-t", "90" })
        {
            start.ArgumentList.Add(argument);
        }

        var output = new System.Text.StringBuilder();
        using var baresip = Process.Start(start) ?? throw new InvalidOperationException("baresip did not start.");
        baresip.OutputDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        baresip.ErrorDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        baresip.BeginOutputReadLine();
        baresip.BeginErrorReadLine();
        try
        {
            using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            while (harness.Store.FindContacts("agent1").Count == 0 && !baresip.HasExited && !deadline.IsCancellationRequested)
            {
                await Task.Delay(200, CancellationToken.None);
            }

            var bindings = harness.Store.FindContacts("agent1");
            Assert.True(bindings.Count == 1, $"{bindings.Count} bindings\n{output}");
            var binding = bindings[0];
            Assert.True(binding.Transport == SipTransportNames.Tls, $"registered over {binding.Transport}\n{output}");
            Assert.Contains("transport=tls", binding.Contact.ToString(), StringComparison.OrdinalIgnoreCase);

            // The service reaches the phone the way it rings it: over TLS, on the connection the phone opened.
            var options = harness.Stack.CreateRequest(
                SipMethod.Options, binding.Contact.Uri, new NameAddress(SipUri.Sip("service", "127.0.0.1")),
                new NameAddress(binding.Contact.Uri), binding.Transport);
            using var answer = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            var result = await harness.Stack.SendRequestAsync(options, binding.Target, null, answer.Token);
            Assert.True(result.FinalResponse.StatusCode == 200, $"OPTIONS answered {result.FinalResponse.StatusCode}\n{output}");
        }
        catch (Exception ex) when (ex is not Xunit.Sdk.XunitException)
        {
            throw new InvalidOperationException(output.ToString(), ex);
        }
        finally
        {
            if (!baresip.HasExited)
            {
                baresip.Kill(entireProcessTree: true);
            }

            await baresip.WaitForExitAsync(CancellationToken.None);
        }
    }
}
