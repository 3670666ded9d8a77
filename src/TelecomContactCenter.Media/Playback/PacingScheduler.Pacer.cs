using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;

namespace TelecomContactCenter.Media.Playback;

public sealed partial class PacingScheduler
{
    /// <summary>
    /// Drives the real clock. A thread-pool timer fires when the pool gets round to it, which under load is
    /// milliseconds late and varies tick to tick: that variation is the jitter a caller hears. So each lane
    /// gets one dedicated thread that sleeps until just before its next slot's deadline and spins the last
    /// stretch. On a busy box even nice −10 left a pacer runnable but waiting for tens of milliseconds, so
    /// where permitted (CAP_SYS_NICE) the threads run SCHED_FIFO; the kernel's real-time throttling and
    /// leaving one core without a lane (see <see cref="LaneCount"/>) keep a runaway pacer from taking the
    /// box. Otherwise they try nice −10, else run at normal priority. Lanes interleave (with two, lane 0 runs
    /// slots 0, 2, 4, …, lane 1 slots 1, 3, 5, …), and nothing is handed between threads inside a tick.
    /// Thread-safe: each thread touches only its own lane; the stop token is shared.
    /// </summary>
    private sealed partial class Pacer : IDisposable
    {
        // SCHED_FIFO at a low real-time priority: above every ordinary thread, below the kernel's own.
        private const int Other = 0;
        private const int FirstInFirstOut = 1;
        private const int ResetOnFork = 0x40000000;
        private const int RealTimePriority = 10;
        private const int NiceLevel = -10;

        // Linux's default timer slack lets a sleep end up to 50 µs late; the pacer asks for 1 µs.
        private const int TimerSlackOption = 29;
        private const long TimerSlackNanoseconds = 1_000;

        // A sleep can wake tens of microseconds late, so it ends this far before the deadline and the rest is
        // spun. At real-time priority 30 µs did as well as 100 µs (and as no spin) for less CPU; at nice −10
        // dropping the spin doubled the p99 jitter.
        private static readonly TimeSpan SpinMargin = TimeSpan.FromMicroseconds(30);

        private readonly PacingScheduler _owner;
        private readonly CancellationTokenSource _stop = new();
        private readonly Thread[] _threads;
        private int _priorityRaised;

        public Pacer(PacingScheduler owner, int lanes)
        {
            _owner = owner;
            _threads = [.. Enumerable.Range(0, lanes).Select(i => StartThread(new Lane(owner, i, lanes), $"media-pacer-{i}"))];
        }

        public bool PriorityRaised => Volatile.Read(ref _priorityRaised) == 1;

        public void Dispose()
        {
            _stop.Cancel();
            foreach (var thread in _threads)
            {
                if (Thread.CurrentThread != thread)
                {
                    thread.Join(TimeSpan.FromSeconds(1));
                }
            }
        }

        private Thread StartThread(Lane lane, string name)
        {
            // Priority is honoured on Windows; Linux ignores it, hence the nice level set from inside the thread.
            var thread = new Thread(() => Run(lane)) { IsBackground = true, Name = name, Priority = ThreadPriority.Highest };
            thread.Start();
            return thread;
        }

        private void Run(Lane lane)
        {
            PrepareThread();
            var time = _owner._time;
            while (!_stop.IsCancellationRequested)
            {
                var remaining = time.GetElapsedTime(time.GetTimestamp(), lane.WakeDeadline());
                if (remaining > SpinMargin)
                {
                    Block(remaining - SpinMargin);
                    continue;
                }

                if (remaining > TimeSpan.Zero)
                {
                    Thread.SpinWait(20);
                    continue;
                }

                try
                {
                    lane.RunDue();
                }
                catch (Exception ex)
                {
                    LogPacerFailed(_owner._logger, ex);
                }
            }
        }

        private void PrepareThread()
        {
            if (!OperatingSystem.IsLinux())
            {
                return;
            }

            // Threads this one happens to create (the runtime starts its background GC and pool threads from
            // whichever thread needs them first) must not inherit real-time priority or the raised nice level.
            var thread = GetThreadId();
            var realTimePriority = RealTimePriority;
            var normalPriority = 0;
            if (SetScheduler(thread, FirstInFirstOut | ResetOnFork, ref realTimePriority) == 0
                || (SetScheduler(thread, Other | ResetOnFork, ref normalPriority) == 0 && SetPriority(0, thread, NiceLevel) == 0))
            {
                Volatile.Write(ref _priorityRaised, 1);
            }

            _ = SetTimerSlack(TimerSlackOption, TimerSlackNanoseconds, 0, 0, 0);
        }

        private void Block(TimeSpan duration)
        {
            if (OperatingSystem.IsLinux())
            {
                // At most about two ticks (an idle lane), so the stop token is seen soon enough without a wake-up.
                var request = new TimeSpec { Seconds = 0, Nanoseconds = (long)duration.TotalNanoseconds };
                _ = NanoSleep(ref request, IntPtr.Zero);
                return;
            }

            // Elsewhere a blocking wait has millisecond granularity; under a millisecond is spun.
            if (duration >= TimeSpan.FromMilliseconds(1))
            {
                _stop.Token.WaitHandle.WaitOne((int)duration.TotalMilliseconds);
            }
            else
            {
                Thread.SpinWait(20);
            }
        }

        [LoggerMessage(Level = LogLevel.Error, Message = "The media pacer's tick observer failed")]
        private static partial void LogPacerFailed(ILogger logger, Exception exception);

        // Linux applies the scheduling policy and nice per thread when given a thread id; PRIO_PROCESS is 0.
        [DllImport("libc", EntryPoint = "setpriority")]
        private static extern int SetPriority(int which, int who, int priority);

        [DllImport("libc", EntryPoint = "sched_setscheduler")]
        private static extern int SetScheduler(int pid, int policy, ref int priority);

        [DllImport("libc", EntryPoint = "gettid")]
        private static extern int GetThreadId();

        [DllImport("libc", EntryPoint = "prctl")]
        private static extern int SetTimerSlack(int option, long nanoseconds, long unused3, long unused4, long unused5);

        [DllImport("libc", EntryPoint = "nanosleep")]
        private static extern int NanoSleep(ref TimeSpec request, IntPtr remaining);

        [StructLayout(LayoutKind.Sequential)]
        private struct TimeSpec
        {
            public long Seconds;
            public long Nanoseconds;
        }
    }
}
