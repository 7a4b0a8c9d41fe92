using System;
using Olares.Files;

namespace Olares.PowerShell.Output
{
    /// <summary>
    /// A file or folder on the server (Get-OlaresChildItem, New-OlaresFolder...). <see cref="Path"/> is the full remote
    /// path, so items can be piped to Remove-OlaresFile, Get-OlaresFile, Copy-OlaresItem and the like.
    /// </summary>
    public sealed class OlaresItem
    {
        public string Name { get; set; } = string.Empty;

        /// <summary>The full remote path, e.g. drive/Home/Documents/a.txt.</summary>
        public string Path { get; set; } = string.Empty;

        /// <summary>
        /// The full remote path again, under the name FileInfo uses: -LiteralPath of the files cmdlets binds to it, so a
        /// piped item is taken by its exact name, never as a wildcard pattern (as PowerShell binds a FileInfo).
        /// </summary>
        public string FullName => Path;

        /// <summary>The folder holding the item, e.g. drive/Home/Documents (empty for an extend root).</summary>
        public string ParentPath { get; set; } = string.Empty;

        public bool IsDirectory { get; set; }

        public bool IsSymlink { get; set; }

        /// <summary>Size in bytes; null for folders.</summary>
        public long? Length { get; set; }

        /// <summary>Last modification (local time); null when the server does not say.</summary>
        public DateTime? LastWriteTime { get; set; }

        /// <summary>Permissions as "drwxr-xr-x".</summary>
        public string Mode { get; set; } = string.Empty;

        /// <summary>The server's content type: blob, text, image, video, audio, pdf... (empty for folders).</summary>
        public string Type { get; set; } = string.Empty;

        /// <summary>
        /// The profile (olaresId) this object belongs to. -Profile of every server cmdlet binds to it from the pipeline,
        /// so piped objects go back to the account they came from.
        /// </summary>
        public string Profile { get; set; } = string.Empty;

        public override string ToString() => Path;

        internal static OlaresItem From(RemoteItem item, string profile) => new OlaresItem
        {
            Profile = profile,
            Name = item.Name,
            Path = item.Path.ToString(),
            ParentPath = item.Path.Parent?.ToString() ?? string.Empty,
            IsDirectory = item.IsDirectory,
            IsSymlink = item.IsSymlink,
            Length = item.IsDirectory ? (long?)null : item.Size,
            LastWriteTime = item.Modified?.LocalDateTime,
            Mode = item.ModeString(),
            Type = item.Type,
        };
    }
}
