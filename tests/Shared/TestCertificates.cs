using System.Diagnostics;

namespace TelecomContactCenter.Testing;

/// <summary>
/// A private CA and certificates it issued, made by /usr/bin/openssl in a temporary folder when a test starts (EC
/// P-256 keys, valid two days, names 127.0.0.1 and localhost) and deleted on dispose.
/// </summary>
internal sealed class TestCertificates : IDisposable
{
    private const string OpenSsl = "/usr/bin/openssl";

    private TestCertificates(DirectoryInfo folder) => Folder = folder.FullName;

    public string Folder { get; }

    /// <summary>The CA certificate (PEM): what peers are told to trust.</summary>
    public string CaPath => Path.Combine(Folder, "ca.crt");

    /// <summary>The server certificate the CA issued for 127.0.0.1 (PEM).</summary>
    public string CertificatePath => Path.Combine(Folder, "server.crt");

    /// <summary>The server certificate's private key (PEM, unencrypted PKCS#8).</summary>
    public string KeyPath => Path.Combine(Folder, "server.key");

    public static async Task<TestCertificates> CreateAsync()
    {
        var certificates = new TestCertificates(Directory.CreateTempSubdirectory("tcc-tls-"));
        try
        {
            await certificates.RunAsync(
                "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "2",
                "-subj", "/CN=TelecomContactCenter Test CA", "-keyout", "ca.key", "-out", "ca.crt",
                "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign");
            await certificates.IssueAsync("server");
            return certificates;
        }
        catch
        {
            certificates.Dispose();
            throw;
        }
    }

    /// <summary>Issues <paramref name="name"/>.crt and <paramref name="name"/>.key for 127.0.0.1 from the CA.</summary>
    public async Task IssueAsync(string name)
    {
        await File.WriteAllTextAsync(
            Path.Combine(Folder, name + ".ext"),
            "subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth,clientAuth\nbasicConstraints=CA:FALSE\n");
        await RunAsync(
            "req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-subj", "/CN=127.0.0.1",
            "-keyout", name + ".key", "-out", name + ".csr");
        await RunAsync(
            "x509", "-req", "-in", name + ".csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial", "-days", "2",
            "-extfile", name + ".ext", "-out", name + ".crt");
    }

    public void Dispose() => Directory.Delete(Folder, recursive: true);

    private async Task RunAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo(OpenSsl)
        {
            WorkingDirectory = Folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("openssl did not start.");
        var errors = process.StandardError.ReadToEndAsync();
        await process.StandardOutput.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(deadline.Token);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"openssl {string.Join(' ', arguments)} failed: {await errors}");
        }
    }
}
