namespace TelecomContactCenter.Sip.Parsing;

/// <summary>Splits a list header's value at commas that are outside quoted strings and angle brackets.</summary>
internal static class HeaderValueSplitter
{
    public static void Split(string value, List<string> values)
    {
        if (!value.Contains(',', StringComparison.Ordinal))
        {
            values.Add(value);
            return;
        }

        var start = 0;
        var inQuotes = false;
        var inAngles = false;
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (inQuotes)
            {
                if (c == '\\')
                {
                    i++;
                }
                else if (c == '"')
                {
                    inQuotes = false;
                }
            }
            else if (c == '"')
            {
                inQuotes = true;
            }
            else if (c == '<')
            {
                inAngles = true;
            }
            else if (c == '>')
            {
                inAngles = false;
            }
            else if (c == ',' && !inAngles)
            {
                values.Add(value.AsSpan(start, i - start).Trim(" \t").ToString());
                start = i + 1;
            }
        }

        values.Add(value.AsSpan(start).Trim(" \t").ToString());
    }
}
