using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace TelecomContactCenter.Server.Tests.Bridge;

/// <summary>A temporary folder for one test class's sipp scenarios, deleted on dispose; and free local ports for phones.</summary>
internal sealed class ScenarioFolder : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("tcc-bridge-scenarios-");

    public string Write(string name, string xml)
    {
        var path = Path.Combine(_folder.FullName, name);
        File.WriteAllText(path, xml);
        return path;
    }

    /// <summary>
    /// A UDP port free now, for a phone that registers from it and later answers on it. The phone's port sits
    /// between two sipp runs, so it is taken below the kernel's ephemeral range (32768 and up, where every other
    /// test socket and sipp's own media ports come from) and below the media range (20000-20999): nothing bound to
    /// port 0 can take it in between.
    /// </summary>
    public static string FreePort()
    {
        for (var attempt = 0; attempt < 200; attempt++)
        {
            var port = Random.Shared.Next(10_000, 20_000);
            using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            try
            {
                socket.Bind(new IPEndPoint(IPAddress.Loopback, port));
                return port.ToString(CultureInfo.InvariantCulture);
            }
            catch (SocketException)
            {
                // Taken by another test's phone: try another.
            }
        }

        throw new InvalidOperationException("No free UDP port for a phone in 10000-19999.");
    }

    public void Dispose() => _folder.Delete(recursive: true);
}
