namespace TelecomContactCenter.Core;

internal static class AssemblyMarker;
