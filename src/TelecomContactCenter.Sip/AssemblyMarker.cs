namespace TelecomContactCenter.Sip;

internal static class AssemblyMarker;
