using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using Olares.Errors;
using Olares.Files;

namespace Olares.PowerShell.Commands.Files
{
    /// <summary>
    /// <para type="synopsis">Deletes files and folders on the server (olares-cli's "files rm").</para>
    /// </summary>
    [Cmdlet(VerbsCommon.Remove, "OlaresFile", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
    [OutputType(typeof(void))]
    public sealed class RemoveOlaresFileCommand : OlaresFilesCmdlet
    {
        private readonly List<RemotePath> _targets = new List<RemotePath>();
        private readonly List<RemotePath> _removedFolders = new List<RemotePath>();

        /// <summary>Remote files or folders to delete.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        public string[] Path { get; set; } = new string[0];

        /// <summary>Deletes folders with everything in them (without it, folders are refused).</summary>
        [Parameter]
        public SwitchParameter Recurse { get; set; }

        /// <summary>Deletes without asking for confirmation, as olares-cli's rm -f; -WhatIf and an explicit -Confirm still apply.</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        protected override void ProcessRecord()
        {
            foreach (var p in Path)
            {
                var path = ParseRemoteOrWriteError(p);
                if (path == null) continue;
                if (Try(() => EnsureNotProtected(path, "delete"))) _targets.Add(path);
            }
        }

        protected override void EndProcessing()
        {
            try
            {
                // One listing and one DELETE per parent folder, as olares-cli batches its dirents; shallow folders first,
                // so that items inside a folder already deleted (Get-OlaresChildItem -Recurse | Remove-OlaresFile) are skipped.
                foreach (var group in _targets.GroupBy(t => t.Parent!).OrderBy(g => g.Key.Segments.Count))
                {
                    var left = group.Distinct().Where(t => !_removedFolders.Any(f => f.Contains(t))).ToList();
                    if (left.Count > 0) RemoveGroup(group.Key, left);
                }
            }
            finally
            {
                base.EndProcessing();
            }
        }

        private void RemoveGroup(RemotePath parent, IReadOnlyList<RemotePath> targets)
        {
            RemoteListing? listing = null;
            try
            {
                listing = Run(ct => Files.ListAsync(parent, ct));
            }
            catch (OlaresNotFoundException)
            {
                foreach (var t in targets) WriteOlaresError(FilesClient.NotFound(t));
                return;
            }
            catch (OlaresException e)
            {
                WriteOlaresError(e);
                return;
            }

            var approved = new List<RemoteItem>();
            foreach (var target in targets)
            {
                var item = listing.Find(target.Name);
                if (item == null)
                {
                    WriteOlaresError(FilesClient.NotFound(target));
                    continue;
                }

                if (item.IsDirectory && !Recurse)
                {
                    WriteOlaresError(OlaresItemTypeException.IsDirectory(item.Path.ToString(), "add -Recurse to delete it with everything in it"));
                    continue;
                }

                if (Approve(item.Path.ToString(), item.IsDirectory ? "Delete the folder and everything in it" : "Delete the file")) approved.Add(item);
            }

            if (approved.Count == 0) return;
            if (Try(() => Run(ct => Files.RemoveAsync(parent, approved, ct))))
            {
                WriteVerbose("Deleted " + string.Join(", ", approved.Select(a => a.Path.ToString())) + ".");
                _removedFolders.AddRange(approved.Where(a => a.IsDirectory).Select(a => a.Path));
            }
        }

        /// <summary>ShouldProcess, except that -Force skips the confirmation prompt unless -Confirm or -WhatIf asks otherwise.</summary>
        private bool Approve(string target, string action)
        {
            var whatIf = MyInvocation.BoundParameters.ContainsKey("WhatIf") ? ((SwitchParameter)MyInvocation.BoundParameters["WhatIf"]).IsPresent
                : LanguagePrimitives.IsTrue(GetVariableValue("WhatIfPreference"));
            if (Force && !whatIf && !MyInvocation.BoundParameters.ContainsKey("Confirm"))
            {
                WriteVerbose("Performing the operation \"" + action + "\" on target \"" + target + "\".");
                return true;
            }

            return ShouldProcess(target, action);
        }
    }
}
