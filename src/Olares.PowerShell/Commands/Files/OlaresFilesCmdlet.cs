using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
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

        /// <summary>
        /// The remote paths of this record: -Path values as wildcard patterns, -LiteralPath values as they are.
        /// Malformed ones are written as typed errors and left out.
        /// </summary>
        protected List<RemotePathPattern> PatternsOrWriteErrors(IEnumerable<string>? values, bool literal, bool strict = false)
        {
            var patterns = new List<RemotePathPattern>();
            foreach (var value in values ?? Array.Empty<string>())
            {
                try
                {
                    patterns.Add(literal ? RemotePathPattern.Literal(value, strict) : RemotePathPattern.Parse(value, strict));
                }
                catch (OlaresException e)
                {
                    WriteOlaresError(e);
                }
            }

            return patterns;
        }

        /// <summary>
        /// The paths <paramref name="patterns"/> stand for on the current connection (one listing per folder, kept in
        /// <paramref name="listings"/> for the operation that follows); problems are written as errors.
        /// </summary>
        protected IReadOnlyList<RemotePath> Expand(IReadOnlyList<RemotePathPattern> patterns, RemoteListings listings)
        {
            if (patterns.All(p => !p.HasWildcards)) return patterns.Select(p => p.LiteralPath!).ToList();
            var expansion = Run(ct => Files.ExpandAsync(patterns, listings, ct));
            WriteOlaresErrors(expansion.Problems);
            return expansion.Paths;
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
