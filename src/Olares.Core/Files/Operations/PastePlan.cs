using System.Collections.Generic;

namespace Olares.Files
{
    /// <summary>A checked paste: the node that runs it and one entry per source, in order.</summary>
    public sealed class PastePlan
    {
        internal PastePlan(PasteRequest request, string node, RemotePath folder, IReadOnlyList<PasteEntry> entries)
        {
            Request = request;
            Node = node;
            Folder = folder;
            Entries = entries;
        }

        public PasteRequest Request { get; }

        public string Node { get; }

        /// <summary>The folder the targets are in.</summary>
        public RemotePath Folder { get; }

        public IReadOnlyList<PasteEntry> Entries { get; }

        public string Verb => Request.Move ? "move" : "copy";
    }
}
