using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using Olares.PowerShell.Completers;
using Olares.Errors;
using Olares.Platform;
using Olares.PowerShell.Infrastructure;
using Olares.Profiles;

namespace Olares.PowerShell
{
    /// <summary>
    /// Base of every Olares cmdlet: owns the cancellation source that Ctrl+C (StopProcessing) cancels, runs async
    /// Core work on worker threads while writing its messages on the pipeline thread, and turns typed Core
    /// exceptions into ErrorRecords.
    /// </summary>
    public abstract class OlaresCmdlet : PSCmdlet, IDisposable
    {
        private CancellationTokenSource? _cancellation;
        private OlaresContext? _context;
        private PipelineLog? _activeLog;
        private IOlaresLog? _previousLog;
        private bool _logInstalled;

        protected CancellationToken Cancellation => (_cancellation ??= new CancellationTokenSource()).Token;

        /// <summary>The shared on-disk state (config dir, token store), created on first use.</summary>
        protected OlaresContext Context => _context ??= new OlaresContext(OlaresEnvironment.Current);

        protected override void BeginProcessing()
        {
            _cancellation ??= new CancellationTokenSource();
            // Core code the cmdlet calls on the pipeline thread (resolving a profile, opening a session) reports here.
            _previousLog = OlaresLog.Current;
            OlaresLog.Current = new PipelineThreadLog(this);
            _logInstalled = true;
        }

        protected override void StopProcessing()
        {
            _cancellation?.Cancel();
        }

        protected override void EndProcessing()
        {
            Dispose();
        }

        public void Dispose()
        {
            if (_logInstalled)
            {
                OlaresLog.Current = _previousLog;
                _logInstalled = false;
            }

            _cancellation?.Dispose();
            _cancellation = null;
            GC.SuppressFinalize(this);
        }

        /// <summary>
        /// Runs <paramref name="work"/> on a worker thread and pumps its verbose/debug/warning/progress output to
        /// this pipeline until it ends. Cancellation surfaces as PipelineStoppedException.
        /// </summary>
        protected T Run<T>(Func<CancellationToken, Task<T>> work)
        {
            var token = Cancellation;
            using var log = new PipelineLog();
            _activeLog = log;
            try
            {
                var task = Task.Run(() =>
                {
                    OlaresLog.Current = log;
                    return work(token);
                });
                log.PumpUntil(task, this);
                return task.GetAwaiter().GetResult();
            }
            catch (OperationCanceledException) when (token.IsCancellationRequested)
            {
                throw new PipelineStoppedException();
            }
            finally
            {
                _activeLog = null;
            }
        }

        protected void Run(Func<CancellationToken, Task> work) =>
            Run<bool>(async ct =>
            {
                await work(ct).ConfigureAwait(false);
                return true;
            });

        /// <summary>Runs <paramref name="func"/> on the pipeline thread from inside <see cref="Run{T}"/> work (prompts).</summary>
        protected T OnPipelineThread<T>(Func<OlaresCmdlet, T> func)
        {
            var log = _activeLog ?? throw new InvalidOperationException("Not inside Run().");
            return log.Invoke(func);
        }

        /// <summary>
        /// ShouldProcess, except that <paramref name="force"/> skips the confirmation prompt (as -Force does in Az and
        /// PowerShell's own cmdlets) unless -Confirm or -WhatIf asks otherwise.
        /// </summary>
        protected bool ShouldProcess(string target, string action, bool force)
        {
            var whatIf = MyInvocation.BoundParameters.ContainsKey("WhatIf") ? ((SwitchParameter)MyInvocation.BoundParameters["WhatIf"]).IsPresent
                : LanguagePrimitives.IsTrue(GetVariableValue("WhatIfPreference"));
            if (force && !whatIf && !MyInvocation.BoundParameters.ContainsKey("Confirm"))
            {
                WriteVerbose("Performing the operation \"" + action + "\" on target \"" + target + "\".");
                return true;
            }

            return ShouldProcess(target, action);
        }

        /// <summary>Writes a typed error for one item and goes on with the next.</summary>
        protected void WriteOlaresError(OlaresException exception) => WriteError(ErrorMapping.ToErrorRecord(exception));

        /// <summary>Stops the command with a typed error.</summary>
        protected void ThrowOlaresError(OlaresException exception) => ThrowTerminatingError(ErrorMapping.ToErrorRecord(exception));

        /// <summary>
        /// Runs one unit of work (one record), writing a typed error for it when it fails with an
        /// <see cref="OlaresException"/>. Returns false on failure.
        /// </summary>
        protected bool Try(Action action, bool terminating = false)
        {
            try
            {
                action();
                return true;
            }
            catch (OlaresException e)
            {
                Report(e, terminating);
                return false;
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                // The disk said no (permissions, full disk, a file in the way): still a typed, specific error.
                Report(new OlaresException("OlaresLocalIOError", e is UnauthorizedAccessException ? OlaresErrorKind.PermissionDenied : OlaresErrorKind.WriteError,
                    "A local file operation failed: " + e.Message, e), terminating);
                return false;
            }
        }

        private void Report(OlaresException e, bool terminating)
        {
            if (terminating) ThrowOlaresError(e);
            else WriteOlaresError(e);
        }
    }

    /// <summary>
    /// A cmdlet that talks to the server as one profile: the one named by -Profile (typed, or bound from the Profile
    /// property of a piped object, so objects go back to the account they came from), else the session's current one.
    /// Each profile is resolved once per command.
    /// </summary>
    public abstract class OlaresServiceCmdlet : OlaresCmdlet
    {
        /// <summary>-Path: wildcards are expanded (remote ones on the server, local ones against the current location).</summary>
        protected const string PathSet = "Path";

        /// <summary>
        /// -LiteralPath: names taken as they are. It is the default set, so that an object piped with both a Path and a
        /// FullName property (every OlaresItem, a FileInfo) binds -LiteralPath, as PowerShell binds a FileInfo; a piped
        /// string or an object with only a Path property binds -Path.
        /// </summary>
        protected const string LiteralPathSet = "LiteralPath";

        private readonly Dictionary<string, ResolvedProfile> _resolved = new Dictionary<string, ResolvedProfile>(StringComparer.Ordinal);
        private ResolvedProfile? _batchConnection;

        /// <summary>True when this record's paths came as -LiteralPath (or as nothing, the default set).</summary>
        protected bool IsLiteral => ParameterSetName == LiteralPathSet;

        /// <summary>The profile (name or olaresId) to use instead of the current one.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(ProfileNameCompleter))]
        public string? Profile { get; set; }

        /// <summary>
        /// The profile the current record works with (resolved once per command and profile); inside
        /// <see cref="WithConnection"/>, the profile of the batch being processed.
        /// </summary>
        protected ResolvedProfile Connection
        {
            get
            {
                if (_batchConnection != null) return _batchConnection;
                var key = Profile?.Trim() ?? string.Empty;
                if (!_resolved.TryGetValue(key, out var resolved))
                {
                    resolved = Context.ResolveProfile(Profile);
                    _resolved[key] = resolved;
                }

                return resolved;
            }
        }

        /// <summary>The process-wide session of the current record's profile; fails fast when not logged in.</summary>
        protected Olares.Http.OlaresSession OpenSession() => Connection.OpenSession();

        /// <summary>
        /// Runs <paramref name="action"/> (at the end of the pipeline, on items collected from its records) as
        /// <paramref name="profile"/>: <see cref="Connection"/> and everything built on it are that profile's.
        /// </summary>
        protected void WithConnection(ResolvedProfile profile, Action action)
        {
            var previous = _batchConnection;
            _batchConnection = profile;
            try
            {
                action();
            }
            finally
            {
                _batchConnection = previous;
            }
        }

        /// <summary>The account of an object this cmdlet is about to change, as ShouldProcess names it: "alice@olares.com: drive/Home/a.txt".</summary>
        protected string OnAccount(string what) => Connection.Key + ": " + what;
    }

    /// <summary>
    /// Items a cmdlet collects over its pipeline records to act on them together at the end, kept apart per account:
    /// a pipeline may carry objects of several profiles (each bound -Profile from its own Profile property).
    /// </summary>
    public sealed class PerProfile<T>
    {
        private readonly List<KeyValuePair<ResolvedProfile, List<T>>> _groups = new List<KeyValuePair<ResolvedProfile, List<T>>>();

        public int Count => _groups.Sum(g => g.Value.Count);

        /// <summary>The batches in the order their profiles first appeared.</summary>
        public IEnumerable<KeyValuePair<ResolvedProfile, List<T>>> Groups => _groups;

        public void Add(ResolvedProfile profile, T item)
        {
            foreach (var group in _groups)
            {
                if (string.Equals(group.Key.Key, profile.Key, StringComparison.Ordinal))
                {
                    group.Value.Add(item);
                    return;
                }
            }

            _groups.Add(new KeyValuePair<ResolvedProfile, List<T>>(profile, new List<T> { item }));
        }
    }
}
