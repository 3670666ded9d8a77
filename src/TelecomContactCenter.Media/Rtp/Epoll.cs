using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace TelecomContactCenter.Media.Rtp;

/// <summary>
/// The Linux calls a receive loop needs: an epoll instance, an eventfd to wake it, and the event records as bytes,
/// because <c>struct epoll_event</c> is packed on x86-64 (12 bytes: events, then the 64-bit data) and naturally
/// aligned on arm64 (16 bytes, data at 8). Other systems and architectures use the runtime's sockets instead.
/// </summary>
internal static class Epoll
{
    public const uint ReadyToRead = 0x001;
    private const int CloseOnExec = 0x80000;
    private const int NonBlocking = 0x800;
    private const int Add = 1;
    private const int Delete = 2;
    private const int Interrupted = 4;

    public static bool IsSupported => OperatingSystem.IsLinux()
        && RuntimeInformation.ProcessArchitecture is Architecture.X64 or Architecture.Arm64;

    /// <summary>The size of one event record, and where its data sits in it.</summary>
    public static int EventSize => RuntimeInformation.ProcessArchitecture == Architecture.X64 ? 12 : 16;

    private static int DataOffset => RuntimeInformation.ProcessArchitecture == Architecture.X64 ? 4 : 8;

    public static int Create() => Check(EpollCreate(CloseOnExec), "epoll_create1");

    public static int CreateWakeEvent() => Check(EventFd(0, CloseOnExec | NonBlocking), "eventfd");

    /// <summary>Watches <paramref name="fd"/> for reading (level-triggered); <paramref name="data"/> comes back with each event.</summary>
    public static void Watch(int epoll, int fd, ulong data)
    {
        var record = new byte[EventSize];
        BinaryPrimitives.WriteUInt32LittleEndian(record, ReadyToRead);
        BinaryPrimitives.WriteUInt64LittleEndian(record.AsSpan(DataOffset), data);
        Check(Control(epoll, Add, fd, record), "epoll_ctl(ADD)");
    }

    /// <summary>Stops watching <paramref name="fd"/>; false when it was not watched (already closed).</summary>
    public static bool Unwatch(int epoll, int fd) => Control(epoll, Delete, fd, new byte[EventSize]) == 0;

    /// <summary>Blocks until events arrive; the number of records filled, retrying when a signal interrupts.</summary>
    public static int Wait(int epoll, byte[] records)
    {
        while (true)
        {
            var count = EpollWait(epoll, records, records.Length / EventSize, -1);
            if (count >= 0 || Marshal.GetLastPInvokeError() != Interrupted)
            {
                return Check(count, "epoll_wait");
            }
        }
    }

    public static ulong DataAt(byte[] records, int index) =>
        BinaryPrimitives.ReadUInt64LittleEndian(records.AsSpan((index * EventSize) + DataOffset));

    public static void Signal(int eventFd)
    {
        var one = new byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(one, 1);
        _ = Write(eventFd, one, one.Length);
    }

    public static void DrainSignal(int eventFd) => _ = Read(eventFd, new byte[8], 8);

    public static void Close(int fd) => _ = CloseFd(fd);

    private static int Check(int result, string call) => result >= 0
        ? result
        : throw new IOException($"{call} failed with errno {Marshal.GetLastPInvokeError()}.");

    [DllImport("libc", EntryPoint = "epoll_create1", SetLastError = true)]
    private static extern int EpollCreate(int flags);

    [DllImport("libc", EntryPoint = "epoll_ctl", SetLastError = true)]
    private static extern int Control(int epoll, int operation, int fd, byte[] record);

    [DllImport("libc", EntryPoint = "epoll_wait", SetLastError = true)]
    private static extern int EpollWait(int epoll, [Out] byte[] records, int maxRecords, int timeoutMilliseconds);

    [DllImport("libc", EntryPoint = "eventfd", SetLastError = true)]
    private static extern int EventFd(uint initial, int flags);

    [DllImport("libc", EntryPoint = "write", SetLastError = true)]
    private static extern nint Write(int fd, byte[] buffer, nint count);

    [DllImport("libc", EntryPoint = "read", SetLastError = true)]
    private static extern nint Read(int fd, [Out] byte[] buffer, nint count);

    [DllImport("libc", EntryPoint = "close", SetLastError = true)]
    private static extern int CloseFd(int fd);
}
