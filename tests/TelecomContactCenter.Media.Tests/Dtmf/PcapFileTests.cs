using System.Buffers.Binary;

namespace TelecomContactCenter.Media.Tests.Dtmf;

public sealed class PcapFileTests : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("tcc-pcap-");

    [Fact]
    public void ReadUdp_SameCaptureOnALinuxCookedLink_ReadsTheSameDatagrams()
    {
        var ethernetPath = "/usr/share/sip-tester/dtmf_2833_8.pcap";
        var cookedPath = Path.Combine(_folder.FullName, "cooked.pcap");
        File.WriteAllBytes(cookedPath, ToLinuxCooked(File.ReadAllBytes(ethernetPath)));

        var ethernet = PcapFile.ReadUdp(ethernetPath);
        var cooked = PcapFile.ReadUdp(cookedPath);

        Assert.Equal(10, ethernet.Count);
        Assert.Equal(ethernet.Select(d => (d.Source, d.Destination, d.Time)), cooked.Select(d => (d.Source, d.Destination, d.Time)));
        Assert.Equal(ethernet.SelectMany(d => d.Payload), cooked.SelectMany(d => d.Payload));
    }

    public void Dispose() => _folder.Delete(recursive: true);

    // Rewrites a little-endian Ethernet capture as link type 113: a 16-byte SLL header in place of the 14-byte
    // Ethernet one, with the EtherType in its last two bytes.
    private static byte[] ToLinuxCooked(byte[] ethernet)
    {
        using var output = new MemoryStream();
        var header = ethernet[..24];
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(20), 113);
        output.Write(header);
        var offset = 24;
        while (offset + 16 <= ethernet.Length)
        {
            var length = BinaryPrimitives.ReadInt32LittleEndian(ethernet.AsSpan(offset + 8));
            var record = ethernet.AsSpan(offset, 16).ToArray();
            BinaryPrimitives.WriteInt32LittleEndian(record.AsSpan(8), length + 2);
            BinaryPrimitives.WriteInt32LittleEndian(record.AsSpan(12), length + 2);
            output.Write(record);
            var sll = new byte[16];
            ethernet.AsSpan(offset + 16 + 12, 2).CopyTo(sll.AsSpan(14));
            output.Write(sll);
            output.Write(ethernet.AsSpan(offset + 16 + 14, length - 14));
            offset += 16 + length;
        }

        return output.ToArray();
    }
}
