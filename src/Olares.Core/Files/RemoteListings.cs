using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Olares.Errors;

namespace Olares.Files
{
    /// <summary>
    /// The folder listings of one command, each asked for once: a wildcard expanded and the operation on its matches
    /// (stat of each source, the existence checks of a copy) share them, so a folder costs one request however many
    /// of its items are named. A missing folder is remembered too. Short-lived by design: it never sees changes made
    /// after a listing was taken, so an operation that changes a folder calls <see cref="Forget"/>.
    /// </summary>
    public sealed class RemoteListings
    {
        private readonly FilesClient _client;
        private readonly ConcurrentDictionary<RemotePath, Task<RemoteListing>> _listings = new ConcurrentDictionary<RemotePath, Task<RemoteListing>>();

        public RemoteListings(FilesClient client)
        {
            _client = client ?? throw new ArgumentNullException(nameof(client));
        }

        public FilesClient Client => _client;

        /// <summary>The listing of <paramref name="folder"/> (<see cref="FilesClient.ListAsync"/>), from this memo when it was asked for before.</summary>
        public async Task<RemoteListing> ListAsync(RemotePath folder, CancellationToken ct)
        {
            var key = folder.AsDirectory();
            var task = _listings.GetOrAdd(key, f => _client.ListAsync(f, ct));
            try
            {
                return await task.ConfigureAwait(false);
            }
            catch (Exception e) when (!(e is OlaresNotFoundException))
            {
                // Only a definite answer is kept: a failure or a cancellation is asked again next time.
                ((ICollection<KeyValuePair<RemotePath, Task<RemoteListing>>>)_listings).Remove(new KeyValuePair<RemotePath, Task<RemoteListing>>(key, task));
                throw;
            }
        }

        /// <summary>The item at <paramref name="path"/> from its parent's listing; null when it or its parent does not exist. An extend root needs no request.</summary>
        public async Task<RemoteItem?> TryStatAsync(RemotePath path, CancellationToken ct)
        {
            var parent = path.Parent;
            if (parent == null) return RemoteItem.Directory(path);
            try
            {
                return (await ListAsync(parent, ct).ConfigureAwait(false)).Find(path.Name);
            }
            catch (OlaresNotFoundException)
            {
                return null;
            }
        }

        /// <summary>Like <see cref="TryStatAsync"/>; a missing item is <see cref="OlaresNotFoundException"/>.</summary>
        public async Task<RemoteItem> StatAsync(RemotePath path, CancellationToken ct) =>
            await TryStatAsync(path, ct).ConfigureAwait(false) ?? throw FilesClient.NotFound(path);

        /// <summary>Drops what is known of <paramref name="folder"/>, after a change to it.</summary>
        public void Forget(RemotePath folder) => _listings.TryRemove(folder.AsDirectory(), out _);
    }
}
