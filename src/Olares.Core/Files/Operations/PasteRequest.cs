using System.Collections.Generic;

namespace Olares.Files
{
    /// <summary>What Copy-OlaresItem / Move-OlaresItem ask for.</summary>
    public sealed class PasteRequest
    {
        public PasteRequest(IReadOnlyList<RemotePath> sources, RemotePath destination, bool move)
        {
            Sources = sources;
            Destination = destination;
            Move = move;
        }

        public IReadOnlyList<RemotePath> Sources { get; }

        /// <summary>A folder to put the items in, or (for a single item) its new full path.</summary>
        public RemotePath Destination { get; }

        public bool Move { get; }

        /// <summary>A copy may take folders (-Recurse); a move always may.</summary>
        public bool AllowFolders { get; set; }

        /// <summary>-Force: a file at a target is replaced (deleted, then pasted) instead of refused. A folder never is.</summary>
        public bool Force { get; set; }

        /// <summary>The node that runs the tasks; chosen from the paths or the server's first node when null.</summary>
        public string? Node { get; set; }
    }
}
