using System;
using System.Collections.Concurrent;
using System.Threading;
using System.Threading.Tasks;

namespace Olares.PowerShell.Infrastructure
{
    /// <summary>
    /// Collects what worker threads want to say (verbose, debug, warning, progress, prompts) so that the
    /// cmdlet writes it on the pipeline thread, the only thread allowed to call Write* or the host.
    /// </summary>
    internal sealed class PipelineLog : IOlaresProgressLog, IDisposable
    {
        private readonly ConcurrentQueue<Action<OlaresCmdlet>> _queue = new ConcurrentQueue<Action<OlaresCmdlet>>();
        private readonly SemaphoreSlim _signal = new SemaphoreSlim(0);
        private int _disposed;

        public void Verbose(string message) => Enqueue(c =>
        {
            if (InquiresUnderDebug(c, "Verbose")) c.WriteDebug(message);
            else c.WriteVerbose(message);
        });

        public void Debug(string message) => Enqueue(c => c.WriteDebug(message));

        public void Warning(string message) => Enqueue(c =>
        {
            if (InquiresUnderDebug(c, "WarningAction")) c.WriteDebug("WARNING: " + message);
            else c.WriteWarning(message);
        });

        public void Progress(OlaresProgress progress) => Enqueue(c => c.WriteProgress(ProgressMapping.ToRecord(progress)));

        /// <summary>Runs <paramref name="func"/> on the pipeline thread and waits for its result (for host prompts).</summary>
        public T Invoke<T>(Func<OlaresCmdlet, T> func)
        {
            if (Volatile.Read(ref _disposed) != 0) throw new ObjectDisposedException(nameof(PipelineLog));
            var done = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
            Enqueue(c =>
            {
                try
                {
                    done.SetResult(func(c));
                }
                catch (Exception e)
                {
                    done.SetException(e);
                }
            });
            return done.Task.GetAwaiter().GetResult();
        }

        /// <summary>Queues <paramref name="action"/>; after the cmdlet has gone (disposed), messages are dropped.</summary>
        public void Enqueue(Action<OlaresCmdlet> action)
        {
            if (Volatile.Read(ref _disposed) != 0) return;
            _queue.Enqueue(action);
            try
            {
                _signal.Release();
            }
            catch (ObjectDisposedException)
            {
            }
        }

        /// <summary>Waits until something is queued or <paramref name="task"/> ends, then writes everything queued.</summary>
        public void PumpUntil(Task task, OlaresCmdlet cmdlet)
        {
            Task? signalled = null;
            while (!task.IsCompleted)
            {
                // Wake on new messages or on completion; one wait is kept pending at a time, so none is orphaned.
                if (signalled == null || signalled.IsCompleted) signalled = _signal.WaitAsync();
                Task.WaitAny(new[] { task, signalled }, 1000);
                Drain(cmdlet);
            }

            Drain(cmdlet);
        }

        public void Drain(OlaresCmdlet cmdlet)
        {
            while (_queue.TryDequeue(out var action)) action(cmdlet);
        }

        public void Dispose()
        {
            Interlocked.Exchange(ref _disposed, 1);
            _signal.Dispose();
        }

        // The -Debug switch makes PowerShell ask "Continue with this operation?" at every verbose and warning message
        // whose own preference was not given (and fail in a non-interactive host). -Debug is asked for to get a trace, so
        // those messages join the debug stream instead.
        private static bool InquiresUnderDebug(OlaresCmdlet cmdlet, string ownParameter)
        {
            var bound = cmdlet.MyInvocation.BoundParameters;
            return bound.TryGetValue("Debug", out var debug) && debug is System.Management.Automation.SwitchParameter on && on.IsPresent
                && !bound.ContainsKey(ownParameter);
        }
    }
}
