using System;

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
