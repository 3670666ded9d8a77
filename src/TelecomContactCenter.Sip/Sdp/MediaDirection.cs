namespace TelecomContactCenter.Sip.Sdp;

/// <summary>The stream direction attributes of RFC 3264 §5.1, from the describing party's point of view.</summary>
public enum MediaDirection
{
    SendRecv,
    SendOnly,
    RecvOnly,
    Inactive,
}

public static class MediaDirections
{
    public static bool Sends(this MediaDirection direction) =>
        direction is MediaDirection.SendRecv or MediaDirection.SendOnly;

    public static bool Receives(this MediaDirection direction) =>
        direction is MediaDirection.SendRecv or MediaDirection.RecvOnly;

    public static MediaDirection From(bool sends, bool receives) => (sends, receives) switch
    {
        (true, true) => MediaDirection.SendRecv,
        (true, false) => MediaDirection.SendOnly,
        (false, true) => MediaDirection.RecvOnly,
        _ => MediaDirection.Inactive,
    };

    public static string ToAttributeName(this MediaDirection direction) => direction switch
    {
        MediaDirection.SendRecv => "sendrecv",
        MediaDirection.SendOnly => "sendonly",
        MediaDirection.RecvOnly => "recvonly",
        MediaDirection.Inactive => "inactive",
        _ => throw new ArgumentOutOfRangeException(nameof(direction), direction, null),
    };

    public static bool TryParse(string name, out MediaDirection direction)
    {
        switch (name)
        {
            case "sendrecv":
                direction = MediaDirection.SendRecv;
                return true;
            case "sendonly":
                direction = MediaDirection.SendOnly;
                return true;
            case "recvonly":
                direction = MediaDirection.RecvOnly;
                return true;
            case "inactive":
                direction = MediaDirection.Inactive;
                return true;
            default:
                direction = MediaDirection.SendRecv;
                return false;
        }
    }
}
