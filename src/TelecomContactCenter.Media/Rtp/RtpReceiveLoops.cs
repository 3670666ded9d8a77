using System.Collections.Concurrent;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace TelecomContactCenter.Media.Rtp;

/// <summary>
/// A few threads that receive every session's RTP, each blocking in <c>epoll_wait</c> over the sockets of the
/// sessions given to it, and running a ready socket's datagram through the session (SRTP, latching, statistics,
/// the relay or the digit detector) on that thread, the way a media relay's workers do. A packet then costs one
/// wake-up of a thread already waiting on the socket, instead of the runtime's socket engine handing each
/// datagram from its own epoll thread to the thread pool and re-arming the receive. A session stays on one loop,
/// so its packets are handled in arrival order. With no loops (another OS, or <c>Media:ReceiveThreads</c> 0)
/// sessions receive with the runtime's asynchronous sockets. Thread-safe.
/// </summary>
public sealed partial class RtpReceiveLoops : IDisposable
{
    private readonly Loop[] _loops;
    private int _next;

    private RtpReceiveLoops(Loop[] loops) => _loops = loops;

    /// <summary>No loops: every session receives with the runtime's asynchronous sockets.</summary>
    public static RtpReceiveLoops None { get; } = new([]);

    /// <summary>The default number of loops for this machine: half its cores, at least one, at most eight.</summary>
    public static int DefaultThreads => Math.Clamp(Environment.ProcessorCount / 2, 1, 8);

    /// <summary>Whether this system can run the loops (Linux on x86-64 or arm64).</summary>
    public static bool IsSupported => Epoll.IsSupported;

    public int Count => _loops.Length;

    /// <summary><paramref name="threads"/> loops, or <see cref="None"/> when it is 0 or the system has no epoll.</summary>
    public static RtpReceiveLoops Start(int threads, ILogger? logger = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(threads);
        if (threads == 0 || !IsSupported)
        {
            return None;
        }

        var loops = new Loop[threads];
        for (var i = 0; i < threads; i++)
        {
            loops[i] = new Loop(i, logger ?? NullLogger.Instance);
        }

        return new RtpReceiveLoops(loops);
    }

    public void Dispose()
    {
        foreach (var loop in _loops)
        {
            loop.Dispose();
        }
    }

    /// <summary>Watches the session's RTP socket on the next loop; null when there are no loops.</summary>
    internal Registration? Register(RtpSession session, Socket socket)
    {
        if (_loops.Length == 0)
        {
            return null;
        }

        var loop = _loops[(int)((uint)Interlocked.Increment(ref _next) % (uint)_loops.Length)];
        return loop.Add(session, socket);
    }

    /// <summary>One session's place on a loop; disposing it stops the loop reading the socket (before it closes).</summary>
    internal sealed class Registration(Loop loop, ulong id, int fd) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                loop.Remove(id, fd);
            }
        }
    }

    internal sealed partial class Loop : IDisposable
    {
        private const ulong WakeId = 0;
        private const int MaxEvents = 64;

        private readonly ConcurrentDictionary<ulong, RtpSession> _sessions = new();
        private readonly ILogger _logger;
        private readonly int _epoll;
        private readonly int _wake;
        private readonly Thread _thread;
        private volatile bool _stopping;
        private long _nextId;

        public Loop(int index, ILogger logger)
        {
            _logger = logger;
            _epoll = Epoll.Create();
            _wake = Epoll.CreateWakeEvent();
            Epoll.Watch(_epoll, _wake, WakeId);
            _thread = new Thread(Run) { IsBackground = true, Name = $"rtp-rx-{index}" };
            _thread.Start();
        }

        public Registration Add(RtpSession session, Socket socket)
        {
            ObjectDisposedException.ThrowIf(_stopping, this);
            var id = (ulong)Interlocked.Increment(ref _nextId);
            var fd = (int)socket.SafeHandle.DangerousGetHandle();
            _sessions[id] = session;
            try
            {
                Epoll.Watch(_epoll, fd, id);
            }
            catch
            {
                _sessions.TryRemove(id, out _);
                throw;
            }

            return new Registration(this, id, fd);
        }

        public void Remove(ulong id, int fd)
        {
            if (_sessions.TryRemove(id, out _) && !_stopping)
            {
                _ = Epoll.Unwatch(_epoll, fd);
            }
        }

        public void Dispose()
        {
            if (_stopping)
            {
                return;
            }

            _stopping = true;
            Epoll.Signal(_wake);
            _thread.Join();
            Epoll.Close(_wake);
            Epoll.Close(_epoll);
        }

        private void Run()
        {
            var records = new byte[MaxEvents * Epoll.EventSize];
            while (!_stopping)
            {
                int count;
                try
                {
                    count = Epoll.Wait(_epoll, records);
                }
                catch (IOException ex)
                {
                    LogLoopFailed(_logger, ex);
                    return;
                }

                for (var i = 0; i < count; i++)
                {
                    var id = Epoll.DataAt(records, i);
                    if (id == WakeId)
                    {
                        Epoll.DrainSignal(_wake);
                    }
                    else if (_sessions.TryGetValue(id, out var session))
                    {
                        // A session removed after this batch was read is skipped: its id is not reused.
                        session.ReceiveReady();
                    }
                }
            }
        }

        [LoggerMessage(Level = LogLevel.Critical, Message = "An RTP receive loop stopped: the calls on it no longer receive media")]
        private static partial void LogLoopFailed(ILogger logger, Exception exception);
    }
}
