using System.Globalization;
using System.Text;

namespace TelecomContactCenter.Sip.Tests.Torture;

/// <summary>Loads the RFC 4475 messages stored beside this file, expanding the RFC's §2 representation rules.</summary>
internal static class TortureMessages
{
    public static byte[] Load(string name)
    {
        var text = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Torture", name + ".sip"), Encoding.UTF8);
        text = ExpandRepeats(text).Replace("\n", "\r\n", StringComparison.Ordinal);
        var output = new List<byte>(text.Length);
        var position = 0;
        while (true)
        {
            var open = text.IndexOf("<hex>", position, StringComparison.Ordinal);
            if (open < 0)
            {
                output.AddRange(Encoding.UTF8.GetBytes(text[position..]));
                return [.. output];
            }

            var close = text.IndexOf("</hex>", open, StringComparison.Ordinal);
            output.AddRange(Encoding.UTF8.GetBytes(text[position..open]));
            output.AddRange(Convert.FromHexString(text[(open + 5)..close]));
            position = close + 6;
        }
    }

    private static string ExpandRepeats(string text)
    {
        const string Open = "<repeat count=";
        var builder = new StringBuilder(text.Length);
        var position = 0;
        while (true)
        {
            var open = text.IndexOf(Open, position, StringComparison.Ordinal);
            if (open < 0)
            {
                return builder.Append(text, position, text.Length - position).ToString();
            }

            var countEnd = text.IndexOf('>', open);
            var close = text.IndexOf("</repeat>", countEnd, StringComparison.Ordinal);
            var count = int.Parse(text.AsSpan(open + Open.Length, countEnd - open - Open.Length), CultureInfo.InvariantCulture);
            builder.Append(text, position, open - position);
            builder.Insert(builder.Length, text[(countEnd + 1)..close], count);
            position = close + "</repeat>".Length;
        }
    }
}
