using System;
using Olares.Http;

namespace Olares.Files
{
    public enum DownloadMode
    {
        /// <summary>Refuse to replace an existing local file.</summary>
        New,

        /// <summary>Replace existing local files (-Force): the new file takes the name once it is complete.</summary>
        Overwrite,

        /// <summary>Continue partial files with a Range request; complete files are left alone.</summary>
        Resume,
    }

    public sealed class DownloadOptions
    {
        public DownloadMode Mode { get; set; } = DownloadMode.New;

        /// <summary>Files downloaded at the same time.</summary>
        public int Parallel { get; set; } = 4;

        /// <summary>Retries per file after a 5xx answer, a broken connection or a stall (§6.3).</summary>
        public int MaxRetries { get; set; } = 3;

        public TimeSpan InitialBackoff { get; set; } = TimeSpan.FromMilliseconds(250);

        public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromSeconds(4);

        public int BufferSize { get; set; } = 256 * 1024;

        /// <summary>A download that receives nothing for this long is ended as stalled (then retried from the bytes it has).</summary>
        public TimeSpan StallTimeout { get; set; } = UploadOptions.DefaultStallTimeout;

        /// <summary>How local names are checked and compared; this machine's rules by default (tests pass Windows rules on any OS).</summary>
        public LocalNameRules? NameRules { get; set; }

        /// <summary><see cref="RetryPolicy.Download"/> with these backoffs and count.</summary>
        internal RetryPolicy Retry()
        {
            var policy = RetryPolicy.Download();
            policy.Delay = InitialBackoff;
            policy.MaxDelay = MaxBackoff;
            policy.MaxRetries = MaxRetries;
            return policy;
        }
    }
}
