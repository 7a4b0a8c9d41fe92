using System;
using System.Globalization;

namespace Olares.Errors
{
    /// <summary>The server listed a name that cannot be used as one path segment (remote) or one local file name.</summary>
    public sealed class OlaresUnsafeRemoteNameException : OlaresException
    {
        public OlaresUnsafeRemoteNameException(string? name, string remoteFolder, string? reason = null)
            : base("OlaresUnsafeRemoteName", OlaresErrorKind.InvalidData,
                string.Format(CultureInfo.InvariantCulture, "The server listed an entry named \"{0}\" in {1}, which was refused: {2}.",
                    Printable(name), remoteFolder, reason ?? "it is not a single path segment"))
        {
            Name = name;
            Target = remoteFolder + "/" + name;
            RecommendedAction = "Rename the entry on the server (for example in the Olares Files app), then run the command again.";
        }

        public string? Name { get; }

        private static string Printable(string? name)
        {
            if (name == null) return string.Empty;
            var chars = name.ToCharArray();
            for (var i = 0; i < chars.Length; i++)
            {
                if (chars[i] < 0x20) chars[i] = '?';
            }

            return new string(chars);
        }
    }

    /// <summary>
    /// A local file or folder is in the way of a download (the policy for existing targets, about_Olares): a file is
    /// replaced only with -Force (or continued with -Resume); a folder never is.
    /// </summary>
    public sealed class OlaresLocalFileExistsException : OlaresException
    {
        public OlaresLocalFileExistsException(string localPath, bool isDirectory)
            : base("OlaresLocalFileExists", OlaresErrorKind.ResourceExists,
                isDirectory
                    ? string.Format(CultureInfo.InvariantCulture, "The local path {0} is a folder: a file is never downloaded over a folder, even with -Force.", localPath)
                    : string.Format(CultureInfo.InvariantCulture, "The local file {0} already exists. Add -Force to replace it or -Resume to continue a partial download.", localPath))
        {
            LocalPath = localPath;
            IsDirectory = isDirectory;
            Target = localPath;
            RecommendedAction = isDirectory
                ? "Remove or rename the local folder, or choose another -Destination."
                : "Run the command again with -Force to replace the file, or with -Resume to continue it.";
        }

        public string LocalPath { get; }

        /// <summary>True when a folder is in the way (which -Force does not replace).</summary>
        public bool IsDirectory { get; }
    }

    /// <summary>A local file or folder could not be read or written.</summary>
    public sealed class OlaresLocalFileException : OlaresException
    {
        public OlaresLocalFileException(string localPath, bool write, Exception inner)
            : base(write ? "OlaresLocalWriteFailed" : "OlaresLocalReadFailed", write ? OlaresErrorKind.WriteError : OlaresErrorKind.ReadError,
                string.Format(CultureInfo.InvariantCulture, "Could not {0} {1}: {2}", write ? "write" : "read", localPath, inner.Message), inner)
        {
            LocalPath = localPath;
            Target = localPath;
            RecommendedAction = write ? "Check the free space and permissions of " + localPath + "." : "Check that " + localPath + " exists and is readable.";
        }

        public string LocalPath { get; }
    }

    /// <summary>Something already exists on the server where a new item was to be created.</summary>
    public sealed class OlaresRemoteItemExistsException : OlaresException
    {
        public OlaresRemoteItemExistsException(string remotePath, string detail)
            : base("OlaresRemoteItemExists", OlaresErrorKind.ResourceExists,
                string.Format(CultureInfo.InvariantCulture, "{0} already exists on the server{1}", remotePath, string.IsNullOrEmpty(detail) ? "." : ": " + detail))
        {
            Target = remotePath;
        }

        private OlaresRemoteItemExistsException(string remotePath, string message, bool isDirectory, string recommendedAction)
            : base("OlaresRemoteItemExists", OlaresErrorKind.ResourceExists, message)
        {
            Target = remotePath;
            IsDirectory = isDirectory;
            RecommendedAction = recommendedAction;
        }

        /// <summary>True when the item in the way is a folder (which -Force does not replace).</summary>
        public bool IsDirectory { get; }

        /// <summary>A file is where a file was to go: refused unless -Force.</summary>
        public static OlaresRemoteItemExistsException File(string remotePath) =>
            new OlaresRemoteItemExistsException(remotePath, remotePath + " already exists on the server. Add -Force to replace it.", false,
                "Run the command again with -Force to replace the file, or choose another destination.");

        /// <summary>A folder is where a file or folder was to go: refused, -Force or not (a folder is never replaced or merged).</summary>
        public static OlaresRemoteItemExistsException Folder(string remotePath) =>
            new OlaresRemoteItemExistsException(remotePath,
                remotePath + " is a folder on the server: a folder is never replaced or merged, even with -Force.", true,
                "Remove the folder first (Remove-OlaresFile -Recurse) or choose another destination.");
    }

    /// <summary>A remote item the client refuses to remove, rename or move (standard Home folders, volume roots...).</summary>
    public sealed class OlaresProtectedPathException : OlaresException
    {
        public OlaresProtectedPathException(string remotePath, string operation, string reason)
            : base("OlaresProtectedPath", OlaresErrorKind.PermissionDenied,
                string.Format(CultureInfo.InvariantCulture, "Refusing to {0} {1}: {2}.", operation, remotePath, reason))
        {
            Target = remotePath;
        }
    }

    /// <summary>The operation needs a file (or needs -Recurse for a folder), or a folder where a file was found.</summary>
    public sealed class OlaresItemTypeException : OlaresException
    {
        public OlaresItemTypeException(string errorId, string remotePath, string message, string? recommendedAction = null)
            : base(errorId, OlaresErrorKind.InvalidOperation, message)
        {
            Target = remotePath;
            RecommendedAction = recommendedAction;
        }

        public static OlaresItemTypeException IsDirectory(string remotePath, string what) =>
            new OlaresItemTypeException("OlaresIsDirectory", remotePath, remotePath + " is a folder: " + what + ".");

        public static OlaresItemTypeException NotADirectory(string remotePath, string what) =>
            new OlaresItemTypeException("OlaresNotADirectory", remotePath, remotePath + " is a file: " + what + ".");
    }

    /// <summary>The server refused a byte range (HTTP 416) that should have been valid.</summary>
    public sealed class OlaresRangeNotSatisfiableException : OlaresException
    {
        public OlaresRangeNotSatisfiableException(string remotePath, long offset, long? remoteLength)
            : base("OlaresRangeNotSatisfiable", OlaresErrorKind.InvalidData,
                string.Format(CultureInfo.InvariantCulture, "The server refused to send {0} from byte {1} (HTTP 416){2}.", remotePath, offset,
                    remoteLength.HasValue ? "; it reports a length of " + remoteLength.Value.ToString(CultureInfo.InvariantCulture) : string.Empty))
        {
            Target = remotePath;
            RecommendedAction = "Run the download again with -Force to start from the beginning.";
        }
    }

    /// <summary>A server-side task (copy, move, cloud upload) failed or was cancelled.</summary>
    public sealed class OlaresTaskFailedException : OlaresException
    {
        public OlaresTaskFailedException(string taskId, string what, string status, string? reason)
            : base("OlaresTaskFailed", OlaresErrorKind.InvalidOperation,
                string.Format(CultureInfo.InvariantCulture, "{0} (task {1}) ended with status {2}{3}", what, taskId, status,
                    string.IsNullOrEmpty(reason) ? "." : ": " + reason))
        {
            TaskId = taskId;
            Target = taskId;
        }

        public string TaskId { get; }
    }

    /// <summary>An upload or download could not be completed: the server kept failing, or sent a different number of bytes than promised.</summary>
    public sealed class OlaresTransferException : OlaresException
    {
        public OlaresTransferException(string remotePath, string message, Exception? inner = null, bool retryable = true)
            : base("OlaresTransferFailed", OlaresErrorKind.Connection, message, inner)
        {
            Target = remotePath;
            Retryable = retryable;
            RecommendedAction = "Run the same command again: it continues where it stopped (Get-OlaresFile needs -Resume).";
        }

        public bool Retryable { get; }

        public override bool IsRetryable => Retryable;
    }

    /// <summary>A local path given to an upload does not exist, or a local wildcard pattern matches nothing.</summary>
    public sealed class OlaresLocalPathNotFoundException : OlaresException
    {
        public OlaresLocalPathNotFoundException(string localPath)
            : base("OlaresLocalPathNotFound", OlaresErrorKind.NotFound,
                string.Format(CultureInfo.InvariantCulture, "The local path {0} does not exist.", localPath))
        {
            Target = localPath;
            RecommendedAction = "Check the path with Get-ChildItem.";
        }

        /// <summary>
        /// The -Path pattern <paramref name="pattern"/> matched nothing; <paramref name="literalExists"/> when a file has
        /// exactly that name ("chart[1].tgz", whose brackets -Path reads as a wildcard).
        /// </summary>
        public OlaresLocalPathNotFoundException(string pattern, bool literalExists)
            : base("OlaresLocalPathNotFound", OlaresErrorKind.NotFound, NoMatchMessage("file or folder", pattern, literalExists))
        {
            Target = pattern;
            RecommendedAction = NoMatchAction(pattern, literalExists);
        }

        /// <summary>"No local {what} matches {pattern}..." (shared with other local pattern errors).</summary>
        public static string NoMatchMessage(string what, string pattern, bool literalExists) =>
            string.Format(CultureInfo.InvariantCulture, "No local {0} matches the wildcard pattern {1}{2}", what, pattern,
                literalExists ? ", but one is named exactly so: in -Path, '[' and ']' are wildcards." : ".");

        public static string NoMatchAction(string pattern, bool literalExists) =>
            literalExists
                ? "Use -LiteralPath '" + pattern.Replace("'", "''") + "' (or escape the brackets with a backtick in -Path)."
                : "Check the pattern with Get-ChildItem " + pattern + ".";
    }

    /// <summary>A transfer request made no progress for the stall timeout: the server stopped sending or answering.</summary>
    public sealed class OlaresTransferStalledException : OlaresException
    {
        public OlaresTransferStalledException(string target, string what, TimeSpan timeout)
            : base("OlaresTransferStalled", OlaresErrorKind.Timeout,
                string.Format(CultureInfo.InvariantCulture, "{0} made no progress for {1:0.#} s: the server stopped sending or answering.", what, timeout.TotalSeconds))
        {
            Target = target;
            Timeout = timeout;
            RecommendedAction = "Check the server and the network, then run the same command again: it continues where it stopped (Get-OlaresFile needs -Resume).";
        }

        public TimeSpan Timeout { get; }

        public override bool IsRetryable => true;
    }

    /// <summary>Remote names that differ only by case or Unicode normalization would be one file on the local volume.</summary>
    public sealed class OlaresLocalNameCollisionException : OlaresException
    {
        public OlaresLocalNameCollisionException(string remotePath, string localPath, string otherRemotePath)
            : base("OlaresLocalNameCollision", OlaresErrorKind.ResourceExists,
                string.Format(CultureInfo.InvariantCulture,
                    "{0} and {1} would both be written to {2}: this volume does not tell their names apart (case or Unicode normalization), so neither is downloaded there.",
                    remotePath, otherRemotePath, localPath))
        {
            Target = remotePath;
            LocalPath = localPath;
            RecommendedAction = "Download each of them on its own with Get-OlaresFile <path> -Destination <another local name>.";
        }

        public string LocalPath { get; }
    }
}
