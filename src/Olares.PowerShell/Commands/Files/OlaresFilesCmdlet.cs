using System;
using System.Collections.Generic;
using System.IO;
using System.Management.Automation;
using Olares.Errors;
using Olares.Files;
using Olares.PowerShell.Output;
using Olares.Profiles;

namespace Olares.PowerShell.Commands.Files
{
    /// <summary>What the files cmdlets share: the files client of the chosen profile, remote and local path handling.</summary>
    public abstract class OlaresFilesCmdlet : OlaresServiceCmdlet
    {
        private readonly Dictionary<ResolvedProfile, FilesClient> _files = new Dictionary<ResolvedProfile, FilesClient>();

        /// <summary>The files client over the current record's profile (opened once per command and profile; fails fast when not logged in).</summary>
        protected FilesClient Files
        {
            get
            {
                var connection = Connection;
                if (!_files.TryGetValue(connection, out var client))
                {
                    client = new FilesClient(connection.OpenSession());
                    _files[connection] = client;
                }

                return client;
            }
        }

        /// <summary>Parses a remote path, writing a typed error and returning null when it is malformed.</summary>
        protected RemotePath? ParseRemoteOrWriteError(string? path, bool strict = false)
        {
            try
            {
                return strict ? RemotePath.ParseStrict(path) : RemotePath.Parse(path);
            }
            catch (OlaresException e)
            {
                WriteOlaresError(e);
                return null;
            }
        }

        /// <summary>A local path relative to the current PowerShell location (not the process directory), keeping a trailing separator.</summary>
        protected string LocalPath(string path)
        {
            var resolved = SessionState.Path.GetUnresolvedProviderPathFromPSPath(path);
            var trailing = path.EndsWith("/", StringComparison.Ordinal) || path.EndsWith("\\", StringComparison.Ordinal);
            if (trailing && !resolved.EndsWith(System.IO.Path.DirectorySeparatorChar.ToString(), StringComparison.Ordinal))
            {
                resolved += System.IO.Path.DirectorySeparatorChar;
            }

            return resolved;
        }

        /// <summary>Local paths for one -Path value: wildcards expanded when the literal path does not exist.</summary>
        protected IEnumerable<string> ResolveLocal(string path)
        {
            var literal = SessionState.Path.GetUnresolvedProviderPathFromPSPath(path);
            if (File.Exists(literal) || Directory.Exists(literal) || !WildcardPattern.ContainsWildcardCharacters(path))
            {
                return new[] { literal };
            }

            try
            {
                return SessionState.Path.GetResolvedProviderPathFromPSPath(path, out _);
            }
            catch (ItemNotFoundException)
            {
                return new[] { literal };
            }
        }

        protected string CurrentDirectory => SessionState.Path.CurrentFileSystemLocation.ProviderPath;

        protected void WriteOlaresErrors(IEnumerable<OlaresException> errors)
        {
            foreach (var e in errors) WriteOlaresError(e);
        }

        /// <summary>Writes <paramref name="item"/> as an <see cref="OlaresItem"/>.</summary>
        protected void WriteItem(RemoteItem item) => WriteObject(OlaresItem.From(item, Connection.Key));

        /// <summary>
        /// A user-typed remote path that must be changed: refuses protected names (standard Home folders, volume roots)
        /// with a typed error.
        /// </summary>
        protected static void EnsureNotProtected(RemotePath path, string operation)
        {
            var reason = path.ProtectionReason();
            if (reason != null) throw new OlaresProtectedPathException(path.ToString(), operation, reason);
        }
    }
}
