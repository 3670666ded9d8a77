using System.Runtime.CompilerServices;
using TelecomContactCenter.Sip.Authentication;
using TelecomContactCenter.Sip.Registrar;
using TelecomContactCenter.Testing;

namespace TelecomContactCenter.Sip.Tests.Registrar;

/// <summary>The registrar against a real SIP phone simulator: sipp (Debian sip-tester) running XML scenarios.</summary>
public sealed class SippRegistrarTests
{
    // The registrar's defaults (one MD5 challenge): sipp 3.6.1 answers only MD5 and only the first challenge.
    [Theory]
    [InlineData("u1")]
    [InlineData("t1")]
    public async Task Register_SippWithRightPassword_Gets401Then200AndIsBound(string transport)
    {
        var options = new DigestOptions();
        await using var harness = await RegistrarHarness.StartAsync(options);

        var (exitCode, log) = await RunSippAsync("register-digest.xml", harness, transport, "-s", "agent1");

        Assert.True(exitCode == 0, log);
        var binding = Assert.Single(harness.Store.FindContacts("agent1"));
        Assert.Equal("127.0.0.1", binding.Source.Address.ToString());
        Assert.InRange(binding.Remaining(TimeProvider.System.GetUtcNow()).TotalSeconds, 590, 600);
    }

    [Fact]
    public async Task Register_SippWithWrongPassword_Gets401UntilTheLimitThen403()
    {
        var options = new DigestOptions();
        await using var harness = await RegistrarHarness.StartAsync(options);

        var (exitCode, log) = await RunSippAsync("register-wrong-password.xml", harness, "u1");

        Assert.True(exitCode == 0, log);
        Assert.Empty(harness.Store.FindContacts("agent2"));
    }

    [Fact]
    public async Task Register_SippTooBriefThenUnregister_Gets423Then200ThenNoBindings()
    {
        var options = new DigestOptions();
        await using var harness = await RegistrarHarness.StartAsync(options);
        var changes = new List<RegistrationChangeKind>();
        harness.Store.BindingChanged += (_, change) =>
        {
            lock (changes)
            {
                changes.Add(change.Kind);
            }
        };

        var (exitCode, log) = await RunSippAsync("register-423-unregister.xml", harness, "u1", "-s", "agent3");

        Assert.True(exitCode == 0, log);
        Assert.Empty(harness.Store.FindContacts("agent3"));
        Assert.Equal([RegistrationChangeKind.Added, RegistrationChangeKind.Removed], changes);
    }

    private static Task<(int ExitCode, string Log)> RunSippAsync(
        string scenario, RegistrarHarness harness, string transport, params string[] extra) =>
        RunSippFromAsync("127.0.0.1", scenario, harness, transport, extra);

    /// <summary>Runs sipp bound to <paramref name="localIp"/> (any 127.x address works on Linux loopback).</summary>
    internal static async Task<(int ExitCode, string Log)> RunSippFromAsync(
        string localIp, string scenario, RegistrarHarness harness, string transport, params string[] extra)
    {
        var port = transport == "t1" ? harness.TcpPort : harness.UdpPort;
        var run = await Sipp.RunAsync(
            [$"127.0.0.1:{port}", "-sf", ScenarioPath(scenario), "-t", transport, "-i", localIp, "-p", Sipp.FreePort(localIp), "-mp", Sipp.FreeMediaPort(localIp),
                "-m", "1", "-l", "1", "-timeout", "20s", "-timeout_error", .. extra]);
        return (run.ExitCode, run.Describe());
    }

    private static string ScenarioPath(string name, [CallerFilePath] string thisFile = "") =>
        Path.Combine(Path.GetDirectoryName(thisFile)!, "Scenarios", name);
}
