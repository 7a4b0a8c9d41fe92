using System;
using System.Threading;

namespace Olares.PowerShell.Infrastructure
{
    /// <summary>
    /// The log of Core code a cmdlet calls directly on its pipeline thread (resolving a profile, opening a session,
    /// importing a platform-issued credential): written at once, since that thread may write. Messages from any other
    /// thread are dropped here; work on worker threads runs inside Run() with its own queued log.
    /// </summary>
    internal sealed class PipelineThreadLog : IOlaresLog
    {
        private readonly OlaresCmdlet _cmdlet;
        private readonly int _threadId = Environment.CurrentManagedThreadId;

        public PipelineThreadLog(OlaresCmdlet cmdlet)
        {
            _cmdlet = cmdlet;
        }

        public void Verbose(string message)
        {
            if (OnPipelineThread) _cmdlet.WriteVerbose(message);
        }

        public void Debug(string message)
        {
            if (OnPipelineThread) _cmdlet.WriteDebug(message);
        }

        public void Warning(string message)
        {
            if (OnPipelineThread) _cmdlet.WriteWarning(message);
        }

        private bool OnPipelineThread => Environment.CurrentManagedThreadId == _threadId;
    }
}
