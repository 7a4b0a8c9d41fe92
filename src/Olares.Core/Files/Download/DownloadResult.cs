using Olares.Errors;

namespace Olares.Files
{
    /// <summary>A file downloaded or failed, or (without a job) a problem of the download as a whole: planning, a local folder that could not be made.</summary>
    public sealed class DownloadResult : TransferResult
    {
        public DownloadResult(DownloadJob? job, long bytesReceived, bool alreadyComplete, OlaresException? error)
            : base(error)
        {
            Job = job;
            BytesReceived = bytesReceived;
            AlreadyComplete = alreadyComplete;
        }

        /// <summary>The file; null for a problem that belongs to no single file.</summary>
        public DownloadJob? Job { get; }

        public long BytesReceived { get; }

        /// <summary>-Resume found the file already complete.</summary>
        public bool AlreadyComplete { get; }

        internal static DownloadResult Problem(OlaresException error) => new DownloadResult(null, 0, false, error);
    }
}
