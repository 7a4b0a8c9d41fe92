using System;
using System.Collections.Generic;
using System.IO;
using System.Management.Automation;
using System.Runtime.ExceptionServices;
using System.Threading;
using System.Threading.Tasks;
using Olares.Errors;
using Olares.Files;
using Olares.PowerShell.Infrastructure;
using Olares.PowerShell.Output;
using Olares.Profiles;

namespace Olares.PowerShell.Commands.Files
{
    /// <summary>What the files cmdlets share: the files service of the chosen profile, remote and local path handling, streamed output.</summary>
    public abstract class OlaresFilesCmdlet : OlaresServiceCmdlet
    {
        private readonly Dictionary<ResolvedProfile, FilesService> _files = new Dictionary<ResolvedProfile, FilesService>();

        /// <summary>The files service over the current record's profile (opened once per command and profile; fails fast when not logged in).</summary>
        protected FilesService Files => FilesOf(Connection);

        /// <summary>The files service of <paramref name="connection"/> (opened once per command).</summary>
        protected FilesService FilesOf(ResolvedProfile connection)
        {
            if (!_files.TryGetValue(connection, out var service))
            {
                service = new FilesService(new FilesClient(connection.OpenSession()));
                _files[connection] = service;
            }

            return service;
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
        /// Runs Core work that produces output as it goes (items, files done, problems): <c>post</c> queues a write for
        /// the pipeline thread without making the worker wait for it, so a transfer goes on with its next file while
        /// the pipeline writes. When a write fails (an error under -ErrorAction Stop, a downstream stop), the work is
        /// cancelled, nothing more is written, and that failure ends the command.
        /// </summary>
        protected void RunStreaming(Func<CancellationToken, Action<Action>, Task> work)
        {
            ExceptionDispatchInfo? failure = null;
            using var stop = new CancellationTokenSource();
            try
            {
                Run(async ct =>
                {
                    using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, stop.Token);
                    var log = OlaresLog.Current as PipelineLog;
                    void Post(Action write)
                    {
                        void Guarded()
                        {
                            if (Volatile.Read(ref failure) != null) return;
                            try
                            {
                                write();
                            }
                            catch (Exception e)
                            {
                                Volatile.Write(ref failure, ExceptionDispatchInfo.Capture(e));
                                stop.Cancel();
                            }
                        }

                        if (log != null) log.Enqueue(_ => Guarded());
                        else OnPipelineThread(_ =>
                        {
                            Guarded();
                            return true;
                        });
                    }

                    await work(linked.Token, Post).ConfigureAwait(false);
                });
            }
            catch (Exception) when (Volatile.Read(ref failure) != null)
            {
                // The work ended because a write failed: that failure is the one to report.
            }

            failure?.Throw();
        }
    }
}
