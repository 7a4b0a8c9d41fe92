using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using Olares.Errors;
using Olares.Files;
using Olares.PowerShell.Completers;
using Olares.PowerShell.Infrastructure;
using Olares.Profiles;
using Olares.PowerShell.Output;

namespace Olares.PowerShell.Commands.Files
{
    /// <summary>
    /// <para type="synopsis">Uploads files and folders to the server in resumable chunks (olares-cli's "files upload").</para>
    /// <para>
    /// Confirmation comes after planning, per file, once it is known whether the file replaces one ("Upload" or
    /// "Replace the file"); ConfirmImpact stays Low because nothing is replaced without -Force.
    /// </para>
    /// </summary>
    [Cmdlet(VerbsCommunications.Send, "OlaresFile", DefaultParameterSetName = LiteralPathSet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
    [OutputType(typeof(OlaresItem))]
    public sealed class SendOlaresFileCommand : OlaresFilesCmdlet
    {
        private readonly PerProfile<string> _sources = new PerProfile<string>();

        /// <summary>Local files or folders; wildcards are expanded against the current location.</summary>
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = PathSet, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        public string[] Path { get; set; } = new string[0];

        /// <summary>Local files or folders taken exactly as written; a piped FileInfo binds here (PSPath, FullName).</summary>
        [Parameter(Mandatory = true, ParameterSetName = LiteralPathSet, ValueFromPipelineByPropertyName = true)]
        [Alias("LP", "PSPath", "FullName")]
        [ValidateNotNullOrEmpty]
        public string[] LiteralPath { get; set; } = new string[0];

        /// <summary>An existing remote folder (e.g. drive/Home/Documents/), or for a single file the remote file name to create.</summary>
        [Parameter(Mandatory = true, Position = 1)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(RemotePathCompleter))]
        public string Destination { get; set; } = string.Empty;

        /// <summary>Bytes per chunk request (default 8 MiB).</summary>
        [Parameter]
        [ValidateRange(1024L, 1073741824L)]
        public long ChunkSize { get; set; } = UploadOptions.DefaultChunkSize;

        /// <summary>How many files are uploaded at the same time (default 2).</summary>
        [Parameter]
        [ValidateRange(1, 64)]
        public int ThrottleLimit { get; set; } = 2;

        /// <summary>The files node to upload through, instead of the one chosen from the destination or the server's first node.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? Node { get; set; }

        /// <summary>Replaces remote files that are already at a target (each deleted just before its upload). Folders are never replaced.</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        /// <summary>Writes an item for every uploaded file.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override void ProcessRecord()
        {
            ResolvedProfile? connection = null;
            if (!Try(() => connection = Connection)) return;
            var literal = IsLiteral;
            foreach (var value in literal ? LiteralPath : Path)
            {
                IReadOnlyList<string> locals = new string[0];
                if (!Try(() => locals = LocalPaths.Resolve(SessionState, value, literal,
                        (path, pattern, exists) => pattern ? new OlaresLocalPathNotFoundException(path, exists) : new OlaresLocalPathNotFoundException(path)))) continue;
                foreach (var local in locals) _sources.Add(connection!, local);
            }
        }

        protected override void EndProcessing()
        {
            try
            {
                foreach (var batch in _sources.Groups) WithConnection(batch.Key, () => Upload(batch.Value));
            }
            finally
            {
                base.EndProcessing();
            }
        }

        private void Upload(List<string> sources)
        {
            var destination = ParseRemoteOrWriteError(Destination);
            if (destination == null) return;
            var options = new UploadOptions { ChunkSize = ChunkSize, Parallel = ThrottleLimit, Node = Node, Force = Force };
            UploadPlan? plan = null;
            if (!Try(() => plan = Run(ct => Files.PlanUploadAsync(sources, destination, options, ct)))) return;
            WriteOlaresErrors(plan!.Problems);

            // Asked per file once the plan knows what each one does, then per folder to make that no approved file needs.
            var jobs = plan.Jobs.Where(job => ShouldProcess(OnAccount(job.Target.ToString()),
                (job.Replaces != null ? "Replace the file with " : "Upload ") + job.LocalPath)).ToList();
            var folders = plan.EmptyFolders.Where(folder => ShouldProcess(OnAccount(folder.ToString()), "Create the folder")).ToList();
            if (jobs.Count == 0 && folders.Count == 0) return;
            var approved = plan.Only(jobs, folders);
            var passThru = PassThru.IsPresent;
            Try(() => RunStreaming((ct, post) => Files.RunUploadAsync(approved, options, result => post(() =>
            {
                if (result.Error != null)
                {
                    WriteOlaresError(result.Error);
                    return;
                }

                var job = result.Job!;
                if (result.ResumedFrom > 0) WriteVerbose("Resumed " + job.Target + " from byte " + result.ResumedFrom + ".");
                if (passThru) WriteItem(new RemoteItem(job.Target, false, job.Size, null, 0, false, null));
            }), ct)));
        }
    }
}
