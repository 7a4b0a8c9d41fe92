namespace Olares.Files
{
    /// <summary>A checked rename: the item as listed and its new path (free, in the same folder).</summary>
    public sealed class RenamePlan
    {
        internal RenamePlan(RemoteItem item, string newName, RemotePath target)
        {
            Item = item;
            NewName = newName;
            Target = target;
        }

        public RemoteItem Item { get; }

        public string NewName { get; }

        public RemotePath Target { get; }
    }
}
