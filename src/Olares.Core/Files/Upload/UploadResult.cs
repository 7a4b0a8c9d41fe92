using Olares.Errors;

namespace Olares.Files
{
    /// <summary>A file uploaded or failed, or (without a job) a problem of the upload as a whole: planning, a folder that could not be made.</summary>
    public sealed class UploadResult : TransferResult
    {
        public UploadResult(UploadJob? job, long resumedFrom, string? taskId, OlaresException? error)
            : base(error)
        {
            Job = job;
            ResumedFrom = resumedFrom;
            TaskId = taskId;
        }

        /// <summary>The file; null for a problem that belongs to no single file.</summary>
        public UploadJob? Job { get; }

        /// <summary>The byte the upload continued from (0 for a fresh upload).</summary>
        public long ResumedFrom { get; }

        /// <summary>The cloud transfer task that finished the upload (cloud drives only).</summary>
        public string? TaskId { get; }

        internal static UploadResult Problem(OlaresException error) => new UploadResult(null, 0, null, error);
    }
}
