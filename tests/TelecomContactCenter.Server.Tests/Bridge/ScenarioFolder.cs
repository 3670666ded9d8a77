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

    /// <summary>A UDP port free now, for a phone that registers from it and later answers on it.</summary>
    public static string FreePort()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)socket.LocalEndPoint!).Port.ToString(CultureInfo.InvariantCulture);
    }

    public void Dispose() => _folder.Delete(recursive: true);
}
