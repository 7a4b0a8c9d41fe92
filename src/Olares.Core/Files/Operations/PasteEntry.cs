using Olares.Errors;

namespace Olares.Files
{
    /// <summary>One source of a paste: where it goes, or why it cannot.</summary>
    public sealed class PasteEntry
    {
        internal PasteEntry(RemotePath source, RemoteItem? item, RemotePath? target, RemoteItem? replaces, OlaresException? error)
        {
            Source = source;
            Item = item;
            Target = target;
            Replaces = replaces;
            Error = error;
        }

        public RemotePath Source { get; }

        /// <summary>The source as listed; null when it could not be found.</summary>
        public RemoteItem? Item { get; }

        /// <summary>The new path; null when the entry is refused.</summary>
        public RemotePath? Target { get; }

        /// <summary>The file at <see cref="Target"/> that -Force replaces (deleted just before the paste); null when the name is free.</summary>
        public RemoteItem? Replaces { get; }

        /// <summary>Why this source is not pasted (protected, missing, a folder without -Recurse, into or onto itself, the target taken).</summary>
        public OlaresException? Error { get; }
    }
}
