using TelecomContactCenter.Sip.Messages;
using TelecomContactCenter.Sip.Parsing;
using TelecomContactCenter.Sip.Tests.Torture;

namespace TelecomContactCenter.Sip.Tests.Parsing;

/// <summary>
/// Mutated torture messages (random octets, separators, digits, spaces) never make the parser, the serializer
/// or the 400 builder throw, and a message reported valid always has readable Via, From, To and CSeq.
/// </summary>
public sealed class SipParserMutationTests
{
    private const string Specials = " ;:,<>\"@\\%=\r\n[]";

    [Fact]
    public void Parse_MutatedTortureMessages_NeverThrows()
    {
        var names = Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "Torture"), "*.sip")
            .Select(f => Path.GetFileNameWithoutExtension(f)!).ToArray();
        var originals = names.Select(TortureMessages.Load).ToArray();
        var random = new Random(3261);

        for (var i = 0; i < 10_000; i++)
        {
            var data = (byte[])originals[random.Next(originals.Length)].Clone();
            for (var m = random.Next(1, 6); m > 0; m--)
            {
                data[random.Next(data.Length)] = random.Next(4) switch
                {
                    0 => (byte)random.Next(256),
                    1 => (byte)Specials[random.Next(Specials.Length)],
                    2 => (byte)'0',
                    _ => (byte)' ',
                };
            }

            var result = SipParser.Parse(data, isDatagram: random.Next(2) == 0);
            if (result.IsSuccess)
            {
                var message = result.Message!;
                Assert.NotNull(message.TopVia);
                Assert.NotNull(message.From);
                Assert.NotNull(message.To);
                Assert.NotNull(message.CSeq);
                Assert.NotEmpty(message.ToBytes());
            }
            else if (result.Message is SipRequest request)
            {
                Assert.NotEmpty(SipResponse.CreateFor(request, result.StatusCode, toTag: "t").ToBytes());
            }
        }
    }
}
