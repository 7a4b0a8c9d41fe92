using System.Collections.Generic;

namespace Olares.Files
{
    /// <summary>The targets of one folder.</summary>
    public sealed class RemoveGroup
    {
        internal RemoveGroup(RemotePath parent, IReadOnlyList<RemotePath> targets)
        {
            Parent = parent;
            Targets = targets;
        }

        public RemotePath Parent { get; }

        public IReadOnlyList<RemotePath> Targets { get; }
    }
}
