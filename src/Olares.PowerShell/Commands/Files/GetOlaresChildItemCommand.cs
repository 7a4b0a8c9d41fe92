using System.Collections.Generic;
using System.Management.Automation;
using Olares.Errors;
using Olares.Files;
using Olares.PowerShell.Output;

namespace Olares.PowerShell.Commands.Files
{
    /// <summary>
    /// <para type="synopsis">Lists files and folders on the server (olares-cli's "files ls").</para>
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "OlaresChildItem")]
    [OutputType(typeof(OlaresItem))]
    public sealed class GetOlaresChildItemCommand : OlaresFilesCmdlet
    {
        public const string DefaultPath = "drive/Home";

        /// <summary>A remote path such as drive/Home/Documents; drive/Home when omitted. A file lists itself.</summary>
        [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        public string? Path { get; set; }

        /// <summary>Lists the contents of every subfolder too.</summary>
        [Parameter]
        public SwitchParameter Recurse { get; set; }

        protected override void ProcessRecord()
        {
            var path = ParseRemoteOrWriteError(Path ?? DefaultPath);
            if (path == null) return;
            Try(() =>
            {
                var item = Run(ct => Files.StatAsync(path, ct));
                if (!item.IsDirectory)
                {
                    WriteItem(item);
                    return;
                }

                ListFolder(item.Path);
            });
        }

        private void ListFolder(RemotePath folder)
        {
            RemoteListing? listing = null;
            if (!Try(() => listing = Run(ct => Files.ListAsync(folder, ct)))) return;
            foreach (var name in listing!.RejectedNames) WriteOlaresError(new OlaresUnsafeRemoteNameException(name, folder.ToString()));
            var folders = new List<RemotePath>();
            foreach (var item in listing.Items)
            {
                WriteItem(item);
                if (item.IsDirectory) folders.Add(item.Path);
            }

            if (!Recurse) return;
            foreach (var sub in folders) ListFolder(sub);
        }
    }
}
