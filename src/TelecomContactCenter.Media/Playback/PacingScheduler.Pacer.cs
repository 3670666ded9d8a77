using System.Runtime.InteropServices;

namespace TelecomContactCenter.Media.Playback;

public sealed partial class PacingScheduler
{
    /// <summary>
    /// Drives the real clock. A thread-pool timer fires when the pool gets round to it, which under load is
    /// milliseconds late and varies tick to tick: that variation is the jitter a caller hears. So one dedicated
    /// thread, raised in priority where the OS allows, blocks until just before each deadline and spins the
    /// last stretch, then starts the tick at once. Above a few hundred calls the tick's frames are shared with
    /// helper threads (one per further core) that are already awake and waiting, rather than handed to
    /// <c>Parallel.For</c>, whose pool threads may start late. Each helper always takes the same slice of the
    /// sender array, so a call's frames keep the same phase inside the tick from one tick to the next.
    /// Thread-safe: the tick's work is published to a helper before its semaphore is released and read back
    /// after it releases <c>Done</c>, so the semaphores order every hand-over.
    /// </summary>
    private sealed class Pacer : IDisposable
    {
        private const int NiceLevel = -10;

        private readonly PacingScheduler _owner;
        // One stop signal: it wakes the pacer from its timed block and every helper from its wait for work.
        private readonly CancellationTokenSource _stop = new();
        private readonly Thread _thread;
        private readonly Helper[] _helpers;
        private int _priorityRaised;

        public Pacer(PacingScheduler owner, int threads)
        {
            _owner = owner;
            _helpers = [.. Enumerable.Range(1, threads - 1).Select(i => new Helper(this, i))];
            _thread = StartThread(Run, "media-pacer");
        }

        public bool PriorityRaised => Volatile.Read(ref _priorityRaised) == 1;

        /// <summary>Runs one tick split into one contiguous slice per pacer thread; returns when all are sent.</summary>
        public void RunSlices(IPacedSender[] senders, long tick)
        {
            var slices = _helpers.Length + 1;
            foreach (var helper in _helpers)
            {
                helper.Post(senders, senders.Length * helper.Index / slices, senders.Length * (helper.Index + 1) / slices, tick);
            }

            _owner.RunSlice(senders, 0, senders.Length / slices, tick);
            try
            {
                foreach (var helper in _helpers)
                {
                    // A helper that saw the stop signal will never answer; the scheduler is shutting down anyway.
                    helper.Done.Wait(_stop.Token);
                }
            }
            catch (OperationCanceledException)
            {
                // Stopping: the tick's remaining frames no longer matter.
            }
        }

        public void Dispose()
        {
            _stop.Cancel();

            if (Thread.CurrentThread != _thread)
            {
                _thread.Join(TimeSpan.FromSeconds(1));
            }
        }

        private static Thread StartThread(ThreadStart body, string name)
        {
            // Honoured on Windows; Linux ignores it, hence the nice level set from inside the thread.
            var thread = new Thread(body) { IsBackground = true, Name = name, Priority = ThreadPriority.Highest };
            thread.Start();
            return thread;
        }

        private void RaisePriority()
        {
            if (OperatingSystem.IsLinux() && SetPriority(0, GetThreadId(), NiceLevel) == 0)
            {
                Volatile.Write(ref _priorityRaised, 1);
            }
        }

        private void Run()
        {
            RaisePriority();
            var time = _owner._time;
            while (!_stop.IsCancellationRequested)
            {
                var deadline = _owner._start + ((Interlocked.Read(ref _owner._ticksDone) + 1) * _owner._tickTimestampUnits);
                var remaining = time.GetElapsedTime(time.GetTimestamp(), deadline);

                // A blocking wait has millisecond granularity and wakes a little late, so it stops short of
                // the deadline and the last stretch (at most about a millisecond) is spun: the tick then
                // starts within microseconds of its deadline.
                var blockMilliseconds = (int)(remaining.TotalMilliseconds - 0.2);
                if (blockMilliseconds >= 1)
                {
                    _stop.Token.WaitHandle.WaitOne(blockMilliseconds);
                    continue;
                }

                if (remaining > TimeSpan.Zero)
                {
                    Thread.SpinWait(20);
                    continue;
                }

                try
                {
                    _owner.Pump();
                }
                catch (Exception ex)
                {
                    LogSenderFailed(_owner._logger, Interlocked.Read(ref _owner._ticksDone), ex);
                }
            }
        }

        // Linux applies nice per thread when given a thread id; PRIO_PROCESS is 0.
        [DllImport("libc", EntryPoint = "setpriority")]
        private static extern int SetPriority(int which, int who, int priority);

        [DllImport("libc", EntryPoint = "gettid")]
        private static extern int GetThreadId();

        private sealed class Helper
        {
            private readonly Pacer _pacer;
            private IPacedSender[] _senders = [];
            private int _from;
            private int _to;
            private long _tick;

            public Helper(Pacer pacer, int index)
            {
                _pacer = pacer;
                Index = index;
                StartThread(Run, $"media-pacer-{index}");
            }

            public int Index { get; }

            public SemaphoreSlim Go { get; } = new(0);

            public SemaphoreSlim Done { get; } = new(0);

            public void Post(IPacedSender[] senders, int from, int to, long tick)
            {
                (_senders, _from, _to, _tick) = (senders, from, to, tick);
                Go.Release();
            }

            private void Run()
            {
                _pacer.RaisePriority();
                try
                {
                    while (true)
                    {
                        // A dedicated thread parked until the pacer posts a slice: blocking is its job.
                        Go.Wait(_pacer._stop.Token);
                        _pacer._owner.RunSlice(_senders, _from, _to, _tick);
                        Done.Release();
                    }
                }
                catch (OperationCanceledException)
                {
                    // The pacer stopped.
                }
            }
        }
    }
}
