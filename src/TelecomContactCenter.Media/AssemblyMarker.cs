namespace TelecomContactCenter.Media;

internal static class AssemblyMarker;
