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
