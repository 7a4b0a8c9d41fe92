using Olares.Errors;

namespace Olares.Files
{
    /// <summary>One source of a paste: where it goes, or why it cannot.</summary>
    public sealed class PasteEntry
    {
        internal PasteEntry(RemotePath source, RemoteItem? item, RemotePath? target, OlaresException? error)
        {
            Source = source;
            Item = item;
            Target = target;
            Error = error;
        }

        public RemotePath Source { get; }

        /// <summary>The source as listed; null when it could not be found.</summary>
        public RemoteItem? Item { get; }

        /// <summary>The new path; null when the entry is refused.</summary>
        public RemotePath? Target { get; }

        /// <summary>Why this source is not pasted (protected, missing, a folder without -Recurse, into itself, the target taken).</summary>
        public OlaresException? Error { get; }
    }
}
