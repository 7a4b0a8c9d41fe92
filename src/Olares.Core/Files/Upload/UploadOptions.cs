using System;

namespace Olares.Files
{
    public sealed class UploadOptions
    {
        public const long DefaultChunkSize = 8 * 1024 * 1024;

        /// <summary>60 s: longer than a wait for another process's refresh (30 s lock + 15 s refresh), which shows no progress either.</summary>
        public static readonly TimeSpan DefaultStallTimeout = TimeSpan.FromSeconds(60);

        public long ChunkSize { get; set; } = DefaultChunkSize;

        /// <summary>Files uploaded at the same time (chunks of one file are sequential).</summary>
        public int Parallel { get; set; } = 2;

        /// <summary>Retries of a chunk after a transient failure (§6.5).</summary>
        public int MaxRetries { get; set; } = 3;

        /// <summary>Fixed pause before a chunk is retried (olares-cli: 5 s).</summary>
        public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(5);

        /// <summary>A chunk request that sends and receives nothing for this long is ended as stalled (then retried like a broken connection).</summary>
        public TimeSpan StallTimeout { get; set; } = DefaultStallTimeout;

        /// <summary>-Force: a file at a target is replaced (deleted just before its upload) instead of refused.</summary>
        public bool Force { get; set; }

        /// <summary>Overrides every other choice of node.</summary>
        public string? Node { get; set; }

        /// <summary>The retry policy of a chunk: <see cref="Olares.Http.RetryPolicy.ChunkUpload"/> with this pause and count.</summary>
        internal Olares.Http.RetryPolicy ChunkRetry()
        {
            var policy = Olares.Http.RetryPolicy.ChunkUpload();
            policy.Delay = policy.MaxDelay = RetryDelay;
            policy.MaxRetries = MaxRetries;
            return policy;
        }
    }
}
