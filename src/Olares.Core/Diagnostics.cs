using System;
using System.Threading;

namespace Olares
{
    /// <summary>Where Core code reports what it does. The PowerShell layer queues these and writes them on the pipeline thread.</summary>
    public interface IOlaresLog
    {
        void Verbose(string message);

        void Debug(string message);

        void Warning(string message);
    }

    /// <summary>
    /// The log of the current logical call (flows through awaits into HTTP handlers and the refresher), so that a
    /// refresh triggered deep in a pipeline still reaches the cmdlet that caused it. Messages must never hold secrets.
    /// </summary>
    public static class OlaresLog
    {
        private static readonly AsyncLocal<IOlaresLog?> CurrentLog = new AsyncLocal<IOlaresLog?>();

        public static IOlaresLog? Current
        {
            get => CurrentLog.Value;
            set => CurrentLog.Value = value;
        }

        public static void Verbose(string message) => Write(log => log.Verbose(message));

        public static void Debug(string message) => Write(log => log.Debug(message));

        public static void Warning(string message) => Write(log => log.Warning(message));

        /// <summary>
        /// A log whose owner has gone (a cmdlet stopped with Ctrl+C while its refresh finishes in the background)
        /// must not turn a message into a failure of the work that logs it.
        /// </summary>
        internal static void Write(Action<IOlaresLog> write)
        {
            var log = CurrentLog.Value;
            if (log == null) return;
            try
            {
                write(log);
            }
            catch (ObjectDisposedException)
            {
            }
            catch (InvalidOperationException)
            {
            }
        }
    }
}

namespace Olares
{
    /// <summary>A progress report from a long operation, shaped like PowerShell's ProgressRecord without depending on it.</summary>
    public sealed class OlaresProgress
    {
        public int ActivityId { get; set; }

        public int ParentActivityId { get; set; } = -1;

        public string Activity { get; set; } = string.Empty;

        public string StatusDescription { get; set; } = string.Empty;

        public string? CurrentOperation { get; set; }

        public int PercentComplete { get; set; } = -1;

        public int SecondsRemaining { get; set; } = -1;

        public bool Completed { get; set; }
    }

    /// <summary>Implemented by logs that can also show progress.</summary>
    public interface IOlaresProgressLog : IOlaresLog
    {
        void Progress(OlaresProgress progress);
    }

    public static class OlaresProgressReporter
    {
        public static void Report(OlaresProgress progress) => OlaresLog.Write(log => (log as IOlaresProgressLog)?.Progress(progress));
    }
}
