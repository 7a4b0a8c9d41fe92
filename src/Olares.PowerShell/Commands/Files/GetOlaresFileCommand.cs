using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using Olares.Errors;
using Olares.Files;
using Olares.Profiles;

namespace Olares.PowerShell.Commands.Files
{
    /// <summary>
    /// <para type="synopsis">Downloads files and whole folders from the server (olares-cli's "files download").</para>
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "OlaresFile", DefaultParameterSetName = LiteralPathSet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
    [OutputType(typeof(FileInfo))]
    public sealed class GetOlaresFileCommand : OlaresRemoteItemsCmdlet
    {
        private readonly PerProfile<RemotePathPattern> _sources = new PerProfile<RemotePathPattern>();

        /// <summary>A local folder to download into, or (for a single item) the local name to give it. The current location when omitted.</summary>
        [Parameter(Position = 1)]
        [ValidateNotNullOrEmpty]
        public string? Destination { get; set; }

        /// <summary>
        /// Replaces local files that already exist (once the new file is complete). A local folder in the way is never
        /// replaced. -Overwrite, its old name, still works.
        /// </summary>
        [Parameter]
        [Alias("Overwrite")]
        public SwitchParameter Force { get; set; }

        /// <summary>Continues partial downloads (also from a run that was interrupted or killed); complete files are left alone.</summary>
        [Parameter]
        public SwitchParameter Resume { get; set; }

        /// <summary>How many files are downloaded at the same time (default 4).</summary>
        [Parameter]
        [ValidateRange(1, 64)]
        public int ThrottleLimit { get; set; } = 4;

        protected override void BeginProcessing()
        {
            base.BeginProcessing();
            if (Force && Resume)
            {
                ThrowOlaresError(new OlaresArgumentException("OlaresConflictingParameters",
                    "-Force (-Overwrite) replaces existing local files and -Resume continues them: use one of them.", null)
                {
                    RecommendedAction = "Run the command with either -Force or -Resume.",
                });
            }
        }

        protected override void ProcessRecord()
        {
            ResolvedProfile? connection = null;
            if (!Try(() => connection = Connection)) return;
            foreach (var pattern in RecordPatterns()) _sources.Add(connection!, pattern);
        }

        protected override void EndProcessing()
        {
            try
            {
                foreach (var batch in _sources.Groups) WithConnection(batch.Key, () => Download(batch.Value));
            }
            finally
            {
                base.EndProcessing();
            }
        }

        private void Download(List<RemotePathPattern> patterns)
        {
            var options = new DownloadOptions
            {
                Mode = Force ? DownloadMode.Overwrite : Resume ? DownloadMode.Resume : DownloadMode.New,
                Parallel = ThrottleLimit,
            };
            var destination = Destination == null ? null : LocalPath(Destination);
            var current = CurrentDirectory;
            var items = new LocalFileItems(this);
            Try(() =>
            {
                var listings = Files.NewListings();
                var sources = Expand(patterns, listings);
                if (sources.Count == 0) return;
                var plan = Run(ct => Files.PlanDownloadAsync(sources, destination, current, options, ct, listings));
                WriteOlaresErrors(plan.Problems);

                // Asked per file once the plan knows what each one does (a file in the way is there only with -Force),
                // then per folder to create that no approved file needs.
                var jobs = plan.Jobs.Where(job => ShouldProcess(job.LocalPath,
                    (Force && job.LocalFileExists ? "Replace the file with " : "Download ") + OnAccount(job.Remote.ToString()))).ToList();
                var folders = plan.EmptyDirectories.Where(folder => ShouldProcess(folder, "Create the folder")).ToList();
                if (jobs.Count == 0 && folders.Count == 0) return;
                var approved = plan.Only(jobs, folders);
                RunStreaming((ct, post) => Files.RunDownloadAsync(approved, options, result => post(() =>
                {
                    if (result.Error != null) WriteOlaresError(result.Error);
                    else WriteObject(items.Get(result.Job!.LocalPath));
                }), ct));
            });
        }
    }
}
