using System;

namespace Olares.Files
{
    /// <summary>One remote file and where it goes.</summary>
    public sealed class DownloadJob
    {
        public DownloadJob(RemotePath remote, string localPath, long size, DateTimeOffset? modified, string? partialPath = null, bool sizeKnown = true,
            bool localFileExists = false)
        {
            LocalFileExists = localFileExists;
            Remote = remote;
            LocalPath = localPath;
            Size = size;
            SizeKnown = sizeKnown;
            Modified = modified;
            PartialPath = partialPath ?? localPath + DownloadEngine.PartialSuffix;
        }

        public RemotePath Remote { get; }

        public string LocalPath { get; }

        /// <summary>The size the listing reported (the response headers win when they differ).</summary>
        public long Size { get; }

        /// <summary>False when the listing gave no usable size: -Resume then asks the server instead of comparing lengths.</summary>
        public bool SizeKnown { get; }

        public DateTimeOffset? Modified { get; }

        /// <summary>A file was at <see cref="LocalPath"/> when the download was planned: -Force replaces it, -Resume continues it.</summary>
        public bool LocalFileExists { get; }

        /// <summary>
        /// Where bytes are written until the file is complete; renamed to <see cref="LocalPath"/> at the end.
        /// "&lt;name&gt;.olares-partial", or "&lt;name&gt;.&lt;n&gt;.olares-partial" when another file of the download has that name.
        /// </summary>
        public string PartialPath { get; }
    }
}
