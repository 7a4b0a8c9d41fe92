namespace Olares.Files
{
    /// <summary>One local file and where it lands on the server.</summary>
    public sealed class UploadJob
    {
        internal UploadJob(string localPath, long size, RemotePath target, string parentDir, string relativePath, string? relativeDir, RemoteItem? replaces = null)
        {
            Replaces = replaces;
            LocalPath = localPath;
            Size = size;
            Target = target;
            ParentDir = parentDir;
            RelativePath = relativePath;
            RelativeDir = relativeDir;
        }

        public string LocalPath { get; }

        public long Size { get; }

        /// <summary>The remote file this becomes.</summary>
        public RemotePath Target { get; }

        /// <summary>The file at <see cref="Target"/> that -Force replaces (deleted just before the upload); null when the name is free.</summary>
        public RemoteItem? Replaces { get; }

        /// <summary>The upload root on the server, "/drive/Home/dst/" (always ends with '/').</summary>
        public string ParentDir { get; }

        /// <summary>"name" for a single file; "&lt;folder&gt;/&lt;sub&gt;/name" inside a folder upload.</summary>
        public string RelativePath { get; }

        /// <summary>The folder part of <see cref="RelativePath"/> with a trailing '/', for folder uploads only.</summary>
        public string? RelativeDir { get; }

        public string RemoteName => Target.Name;

        /// <summary>The server folder the file is written to (where the partial upload lives).</summary>
        public string FinalDir => ParentDir + (RelativeDir ?? string.Empty);
    }
}
