using TelecomContactCenter.Media.Dtmf;
using TelecomContactCenter.Media.Rtp;

namespace TelecomContactCenter.Media.Tests.Dtmf;

public sealed class DtmfDetectorTests
{
    private const string SipTesterPcaps = "/usr/share/sip-tester";

    public static TheoryData<string, char> SipTesterDigits => new()
    {
        { "0", '0' }, { "1", '1' }, { "2", '2' }, { "3", '3' }, { "4", '4' }, { "5", '5' },
        { "6", '6' }, { "7", '7' }, { "8", '8' }, { "9", '9' }, { "star", '*' }, { "pound", '#' },
    };

    [Theory]
    [MemberData(nameof(SipTesterDigits))]
    public void Process_SipTesterCapture_YieldsExactlyTheCapturedDigit(string name, char expected)
    {
        var packets = ReadCapture(name);
        var detector = new DtmfDetector();

        var digits = Detect(detector, packets);

        Assert.Equal([expected], digits);
        Assert.Equal(3, packets.Count(p => TelephoneEvent.TryRead(p.Payload, out var e) && e.End));
    }

    [Fact]
    public void Process_CaptureWithStartPacketLost_StillYieldsTheDigit()
    {
        var packets = ReadCapture("5").Skip(1).ToList();

        var digits = Detect(new DtmfDetector(), packets);

        Assert.Equal(['5'], digits);
    }

    [Fact]
    public void Process_OnlyTheEndPacketsArrive_YieldsTheDigitOnce()
    {
        var packets = ReadCapture("7").Where(p => (p.Payload[1] & 0x80) != 0).ToList();

        var digits = Detect(new DtmfDetector(), packets);

        Assert.Equal(['7'], digits);
    }

    [Fact]
    public void Process_SameKeyPressedTwice_YieldsTwoDigits()
    {
        var first = ReadCapture("9");
        var second = first.Select(p => p with { Timestamp = p.Timestamp + 1600 });

        var digits = Detect(new DtmfDetector(), first.Concat(second));

        Assert.Equal(['9', '9'], digits);
    }

    [Fact]
    public void Process_WholeEventRetransmitted_YieldsOneDigit()
    {
        var packets = ReadCapture("3");

        var digits = Detect(new DtmfDetector(), packets.Concat(packets));

        Assert.Equal(['3'], digits);
    }

    [Fact]
    public void Process_LongPressWithManyUpdates_YieldsOneDigit()
    {
        var detector = new DtmfDetector();
        var packets = DtmfEncoder.Encode('#', durationSamples: 40_000, updateSamples: 160);

        var digits = packets.Select(p => detector.Process(1, 8000, p.Payload)).OfType<char>().ToList();

        Assert.True(packets.Count > 200);
        Assert.Equal(['#'], digits);
    }

    [Fact]
    public void Process_LateEndOfPreviousEventAfterNextStarts_IsIgnored()
    {
        var detector = new DtmfDetector();
        var one = DtmfEncoder.Encode('1');
        var two = DtmfEncoder.Encode('2');

        var digits = new[]
        {
            detector.Process(1, 1000, one[0].Payload),
            detector.Process(1, 3000, two[0].Payload),
            detector.Process(1, 1000, one[^1].Payload),
            detector.Process(1, 3000, two[^1].Payload),
        }.OfType<char>().ToList();

        Assert.Equal(['1', '2'], digits);
    }

    [Fact]
    public void Process_EventThatIsNotADigit_IsIgnored()
    {
        var detector = new DtmfDetector();
        var flash = new byte[4];
        new TelephoneEvent(16, true, 10, 800).Write(flash);

        var digit = detector.Process(1, 100, flash);

        Assert.Null(digit);
    }

    [Fact]
    public void Process_NewSsrcReusingATimestamp_StartsANewEvent()
    {
        var detector = new DtmfDetector();
        var packet = DtmfEncoder.Encode('A')[0].Payload;

        var first = detector.Process(1, 100, packet);
        var second = detector.Process(2, 100, packet);

        Assert.Equal(('A', 'A'), (first!.Value, second!.Value));
    }

    [Fact]
    public void Process_LongEventContinuedInANewSegment_IsStillOneDigit()
    {
        var detector = new DtmfDetector();
        var max = new byte[4];
        new TelephoneEvent(4, false, 10, ushort.MaxValue).Write(max);
        var next = new byte[4];
        new TelephoneEvent(4, true, 10, 800).Write(next);

        var digits = new[]
        {
            detector.Process(1, 0, max),
            detector.Process(1, ushort.MaxValue, next),
        }.OfType<char>().ToList();

        Assert.Equal(['4'], digits);
    }

    [Fact]
    public void Process_TenThousandDigitsWithLossDuplicationAndReordering_NoneMissedNoneDuplicated()
    {
        var random = new Random(4733);
        const string keys = "0123456789*#ABCD";
        var sent = new List<char>();
        var detector = new DtmfDetector();
        var detected = new List<char>();
        uint timestamp = 0;

        for (var i = 0; i < 10_000; i++)
        {
            var digit = keys[random.Next(keys.Length)];
            sent.Add(digit);
            var packets = DtmfEncoder.Encode(digit, durationSamples: 480 + random.Next(1600)).ToList();
            var kept = packets.Where(_ => random.NextDouble() > 0.3).ToList();
            if (kept.Count == 0)
            {
                kept.Add(packets[random.Next(packets.Count)]);
            }

            var arrivals = kept.Concat(kept.Where(_ => random.NextDouble() < 0.2)).OrderBy(_ => random.Next()).ToList();
            foreach (var packet in arrivals)
            {
                if (detector.Process(0x1234, timestamp, packet.Payload) is { } d)
                {
                    detected.Add(d);
                }
            }

            timestamp += (uint)(2400 + random.Next(4000));
        }

        Assert.Equal(sent, detected);
    }

    [Theory]
    [InlineData('0', 0)]
    [InlineData('9', 9)]
    [InlineData('*', 10)]
    [InlineData('#', 11)]
    [InlineData('A', 12)]
    [InlineData('d', 15)]
    public void FromDigit_EveryDtmfKey_MapsToItsEventCodeAndBack(char digit, byte code)
    {
        var mapped = TelephoneEvent.FromDigit(digit);

        Assert.Equal(code, mapped);
        Assert.Equal(char.ToUpperInvariant(digit), TelephoneEvent.ToDigit(mapped));
    }

    internal static List<CapturedRtp> ReadCapture(string name)
    {
        var list = new List<CapturedRtp>();
        foreach (var datagram in PcapFile.ReadUdp(Path.Combine(SipTesterPcaps, $"dtmf_2833_{name}.pcap")))
        {
            Assert.True(RtpPacket.TryParse(datagram.Payload, out var packet));
            Assert.Equal(101, packet.PayloadType);
            list.Add(new CapturedRtp(packet.Ssrc, packet.Timestamp, packet.Payload.ToArray(), datagram.Payload));
        }

        return list;
    }

    private static List<char> Detect(DtmfDetector detector, IEnumerable<CapturedRtp> packets) =>
        packets.Select(p => detector.Process(p.Ssrc, p.Timestamp, p.Payload)).OfType<char>().ToList();

    internal sealed record CapturedRtp(uint Ssrc, uint Timestamp, byte[] Payload, byte[] Datagram);
}
