using System.IO;
using System.Threading;
using System.Threading.Tasks;
using Olares.Errors;

namespace Olares.Files
{
    /// <summary>What a transfer or paste does at one target path.</summary>
    public enum TargetAction
    {
        /// <summary>Nothing is there: the item is created.</summary>
        Create,

        /// <summary>A file is there and -Force was given: it is replaced.</summary>
        Replace,
    }

    /// <summary>
    /// The one policy for targets that already exist, shared by Send-OlaresFile, Get-OlaresFile, Copy-OlaresItem and
    /// Move-OlaresItem (about_Olares, EXISTING TARGETS): a file in the way is refused unless -Force, which replaces it;
    /// a folder in the way is never replaced or merged, and a folder never replaces a file. (A folder transfer into a
    /// folder of the same name is not a target of its own: the planners walk into it and apply this to each file.)
    /// </summary>
    public static class ExistingTargets
    {
        /// <summary>
        /// The action for a remote <paramref name="target"/> given what its folder's listing shows there
        /// (<paramref name="existing"/>, null when the name is free); a refusal is thrown as a typed error.
        /// </summary>
        public static TargetAction Remote(RemotePath target, RemoteItem? existing, bool sourceIsDirectory, bool force)
        {
            if (existing == null) return TargetAction.Create;
            if (existing.IsDirectory) throw OlaresRemoteItemExistsException.Folder(existing.Path.ToString());
            if (sourceIsDirectory) throw OlaresItemTypeException.NotADirectory(existing.Path.ToString(), "a folder never replaces a file, even with -Force");
            if (!force) throw OlaresRemoteItemExistsException.File(existing.Path.ToString());
            return TargetAction.Replace;
        }

        /// <summary>
        /// The action for a downloaded file at <paramref name="localPath"/>: a folder there is refused always, a file
        /// unless <paramref name="mode"/> replaces it (-Force) or continues it (-Resume; also <see cref="TargetAction.Replace"/>
        /// here, as the complete file takes the name in the end).
        /// </summary>
        public static TargetAction Local(string localPath, DownloadMode mode)
        {
            if (Directory.Exists(localPath)) throw new OlaresLocalFileExistsException(localPath, true);
            if (!File.Exists(localPath)) return TargetAction.Create;
            if (mode == DownloadMode.New) throw new OlaresLocalFileExistsException(localPath, false);
            return TargetAction.Replace;
        }
    
        /// <summary>
        /// Deletes the remote file a -Force upload or paste replaces (the DELETE of Remove-OlaresFile), just before
        /// the new one is sent: the server has no upload or paste that replaces (it would keep both, the new one as
        /// "name(1)"). One that is already gone is fine.
        /// </summary>
        internal static async Task RemoveReplacedAsync(FilesClient client, RemoteItem existing, CancellationToken ct)
        {
            OlaresLog.Verbose("Deleting " + existing.Path + ", which -Force replaces.");
            try
            {
                await client.RemoveAsync(existing.Path.Parent!, new[] { existing }, ct).ConfigureAwait(false);
            }
            catch (OlaresNotFoundException)
            {
                // Removed meanwhile: the name is free, which is all a replacement needs.
            }
        }
    }
}
