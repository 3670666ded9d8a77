using System.Buffers.Binary;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;

namespace TelecomContactCenter.Server.Tests.Bridge;

/// <summary>
/// Debian's baresip 1.0 as an agent's softphone, run by the test in its own temporary folder (<c>baresip -f</c>) on
/// a free loopback port: one account that registers with digest and answers every call at once, a generated tone
/// file as the microphone (aufile) and the sndfile filter writing what it hears to <c>*-dec.wav</c>. Keys go to its
/// menu on standard input (<c>x</c> holds the call, <c>X</c> resumes it). Killed on dispose.
/// </summary>
internal sealed partial class BaresipPhone : IAsyncDisposable
{
    private const string Executable = "/usr/bin/baresip";
    private readonly DirectoryInfo _folder;
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly Lock _gate = new();

    private BaresipPhone(DirectoryInfo folder, Process process, int port)
    {
        _folder = folder;
        _process = process;
        Port = port;
    }

    public int Port { get; }

    public string RecordingFolder => Path.Combine(_folder.FullName, "recordings");

    public string Output
    {
        get
        {
            lock (_gate)
            {
                return _output.ToString();
            }
        }
    }

    /// <param name="transport">The account's transport: <c>udp</c>, or <c>tls</c> with <paramref name="caFile"/> trusted.</param>
    /// <param name="accountParameters">Extra account parameters, such as <c>;mediaenc=srtp</c> (which loads srtp.so).</param>
    public static BaresipPhone Start(IPEndPoint registrar, string user, string password, string accountParameters = "",
        string transport = "udp", string? caFile = null)
    {
        ArgumentNullException.ThrowIfNull(registrar);
        var folder = Directory.CreateTempSubdirectory("tcc-baresip-");
        var port = int.Parse(ScenarioFolder.FreePort(), CultureInfo.InvariantCulture);
        var tone = Path.Combine(folder.FullName, "tone.wav");
        WriteTone(tone, seconds: 60);
        Directory.CreateDirectory(Path.Combine(folder.FullName, "recordings"));
        File.WriteAllText(Path.Combine(folder.FullName, "config"), $"""
            sip_listen 127.0.0.1:{port}
            module_path /usr/lib/baresip/modules
            module uuid.so
            module stdio.so
            module g711.so
            module aufile.so
            module sndfile.so
            module_app account.so
            module_app menu.so
            audio_source aufile,{tone}
            snd_path {Path.Combine(folder.FullName, "recordings")}
            rtp_ports 40000-49999
            {(caFile is null ? string.Empty : "sip_cafile " + caFile)}
            {(accountParameters.Contains("mediaenc=srtp", StringComparison.Ordinal) ? "module srtp.so" : string.Empty)}

            """);
        File.WriteAllText(Path.Combine(folder.FullName, "accounts"),
            $"<sip:{user}@{registrar.Address}:{registrar.Port};transport={transport}>;auth_pass={password};regint=600;answermode=auto{accountParameters}\n");
        var start = new ProcessStartInfo(Executable)
        {
            WorkingDirectory = folder.FullName,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("-f");
        start.ArgumentList.Add(folder.FullName);
        var process = Process.Start(start) ?? throw new InvalidOperationException("baresip did not start.");
        var phone = new BaresipPhone(folder, process, port);
        process.OutputDataReceived += (_, e) => phone.Append(e.Data);
        process.ErrorDataReceived += (_, e) => phone.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return phone;
    }

    /// <summary>Waits until baresip has printed a line matching <paramref name="pattern"/>; fails with its output at the deadline.</summary>
    public async Task WaitForAsync(string pattern, TimeSpan deadline)
    {
        var regex = new Regex(pattern, RegexOptions.None, TimeSpan.FromSeconds(1));
        using var giveUp = new CancellationTokenSource(deadline);
        while (!regex.IsMatch(Output))
        {
            if (_process.HasExited)
            {
                Assert.Fail($"baresip exited ({_process.ExitCode}) before /{pattern}/:\n{Tail()}");
            }

            try
            {
                await Task.Delay(50, giveUp.Token);
            }
            catch (OperationCanceledException)
            {
                Assert.Fail($"baresip did not print /{pattern}/ within {deadline}:\n{Tail()}");
            }
        }
    }

    /// <summary>Presses a key of baresip's menu (stdio reads standard input one character at a time).</summary>
    public async Task PressAsync(char key)
    {
        await _process.StandardInput.WriteAsync(key);
        await _process.StandardInput.FlushAsync();
    }

    /// <summary>The loudest sample baresip decoded from the far end (sndfile's *-dec.wav, 16-bit PCM after a 44-octet header).</summary>
    public int LoudestHeardSample()
    {
        var loudest = 0;
        foreach (var file in Directory.EnumerateFiles(RecordingFolder, "*-dec.wav"))
        {
            var bytes = File.ReadAllBytes(file);
            for (var i = 44; i + 1 < bytes.Length; i += 2)
            {
                loudest = Math.Max(loudest, Math.Abs((int)BinaryPrimitives.ReadInt16LittleEndian(bytes.AsSpan(i))));
            }
        }

        return loudest;
    }

    public string Tail() => Output is { Length: > 4000 } all ? all[^4000..] : Output;

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        _folder.Delete(recursive: true);
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_gate)
        {
            // The stdio module redraws a status line with carriage returns; keep the log readable and bounded.
            _output.AppendLine(StatusLine().Replace(line, " "));
            if (_output.Length > 200_000)
            {
                _output.Remove(0, _output.Length - 100_000);
            }
        }
    }

    /// <summary>A mono 8 kHz 16-bit WAV of a 440 Hz tone, the format aufile needs for G.711.</summary>
    private static void WriteTone(string path, int seconds)
    {
        const int Rate = 8000;
        var samples = Rate * seconds;
        var data = new byte[44 + (samples * 2)];
        Encoding.ASCII.GetBytes("RIFF").CopyTo(data, 0);
        BinaryPrimitives.WriteInt32LittleEndian(data.AsSpan(4), data.Length - 8);
        Encoding.ASCII.GetBytes("WAVEfmt ").CopyTo(data, 8);
        BinaryPrimitives.WriteInt32LittleEndian(data.AsSpan(16), 16);
        BinaryPrimitives.WriteInt16LittleEndian(data.AsSpan(20), 1);
        BinaryPrimitives.WriteInt16LittleEndian(data.AsSpan(22), 1);
        BinaryPrimitives.WriteInt32LittleEndian(data.AsSpan(24), Rate);
        BinaryPrimitives.WriteInt32LittleEndian(data.AsSpan(28), Rate * 2);
        BinaryPrimitives.WriteInt16LittleEndian(data.AsSpan(32), 2);
        BinaryPrimitives.WriteInt16LittleEndian(data.AsSpan(34), 16);
        Encoding.ASCII.GetBytes("data").CopyTo(data, 36);
        BinaryPrimitives.WriteInt32LittleEndian(data.AsSpan(40), samples * 2);
        for (var i = 0; i < samples; i++)
        {
            var value = (short)(8000 * Math.Sin(2 * Math.PI * 440 * i / Rate));
            BinaryPrimitives.WriteInt16LittleEndian(data.AsSpan(44 + (i * 2)), value);
        }

        File.WriteAllBytes(path, data);
    }

    [GeneratedRegex(@"(\[\d+:\d\d:\d\d\] audio=\d+/\d+ \(bit/s\)\s*)+")]
    private static partial Regex StatusLine();
}
