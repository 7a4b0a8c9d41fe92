using System.Collections.Generic;
using System.IO;
using System.Management.Automation;
using Olares.Files;
using Olares.Profiles;

namespace Olares.PowerShell.Commands.Files
{
    /// <summary>
    /// <para type="synopsis">Downloads files and whole folders from the server (olares-cli's "files download").</para>
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "OlaresFile", DefaultParameterSetName = NewSet)]
    [OutputType(typeof(FileInfo))]
    public sealed class GetOlaresFileCommand : OlaresFilesCmdlet
    {
        private const string NewSet = "New";
        private const string OverwriteSet = "Overwrite";
        private const string ResumeSet = "Resume";
        private readonly PerProfile<RemotePath> _sources = new PerProfile<RemotePath>();

        /// <summary>Remote files or folders, e.g. drive/Home/Documents/report.pdf.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        public string[] Path { get; set; } = new string[0];

        /// <summary>A local folder to download into, or (for a single item) the local name to give it. The current location when omitted.</summary>
        [Parameter(Position = 1)]
        [ValidateNotNullOrEmpty]
        public string? Destination { get; set; }

        /// <summary>Replaces local files that already exist.</summary>
        [Parameter(Mandatory = true, ParameterSetName = OverwriteSet)]
        public SwitchParameter Overwrite { get; set; }

        /// <summary>Continues partial downloads (also from a run that was interrupted or killed); complete files are left alone.</summary>
        [Parameter(Mandatory = true, ParameterSetName = ResumeSet)]
        public SwitchParameter Resume { get; set; }

        /// <summary>How many files are downloaded at the same time (default 4).</summary>
        [Parameter]
        [ValidateRange(1, 64)]
        public int ThrottleLimit { get; set; } = 4;

        protected override void ProcessRecord()
        {
            ResolvedProfile? connection = null;
            if (!Try(() => connection = Connection)) return;
            foreach (var p in Path)
            {
                var path = ParseRemoteOrWriteError(p);
                if (path != null) _sources.Add(connection!, path);
            }
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

        private void Download(List<RemotePath> sources)
        {
            var options = new DownloadOptions
            {
                Mode = Overwrite ? DownloadMode.Overwrite : Resume ? DownloadMode.Resume : DownloadMode.New,
                Parallel = ThrottleLimit,
            };
            var destination = Destination == null ? null : LocalPath(Destination);
            var current = CurrentDirectory;
            var items = new LocalFileItems(this);
            Try(() => RunStreaming((ct, post) => Files.DownloadAsync(sources, destination, current, options, result => post(() =>
            {
                if (result.Error != null) WriteOlaresError(result.Error);
                else WriteObject(items.Get(result.Job!.LocalPath));
            }), ct)));
        }
    }
}
