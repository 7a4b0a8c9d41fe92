using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using Olares.Files;
using Olares.Profiles;

namespace Olares.PowerShell.Commands.Files
{
    /// <summary>
    /// <para type="synopsis">Deletes files and folders on the server (olares-cli's "files rm").</para>
    /// </summary>
    [Cmdlet(VerbsCommon.Remove, "OlaresFile", DefaultParameterSetName = LiteralPathSet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
    [OutputType(typeof(void))]
    public sealed class RemoveOlaresFileCommand : OlaresRemoteItemsCmdlet
    {
        private readonly PerProfile<RemotePathPattern> _targets = new PerProfile<RemotePathPattern>();

        /// <summary>Deletes folders with everything in them (without it, folders are refused).</summary>
        [Parameter]
        public SwitchParameter Recurse { get; set; }

        /// <summary>Deletes without asking for confirmation, as olares-cli's rm -f; -WhatIf and an explicit -Confirm still apply.</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        protected override void ProcessRecord()
        {
            ResolvedProfile? connection = null;
            if (!Try(() => connection = Connection)) return;
            foreach (var pattern in RecordPatterns()) _targets.Add(connection!, pattern);
        }

        protected override void EndProcessing()
        {
            try
            {
                foreach (var batch in _targets.Groups) WithConnection(batch.Key, () => Remove(batch.Value));
            }
            finally
            {
                base.EndProcessing();
            }
        }

        private void Remove(List<RemotePathPattern> patterns)
        {
            var listings = Files.NewListings();
            IReadOnlyList<RemotePath>? targets = null;
            if (!Try(() => targets = Expand(patterns, listings)) || targets!.Count == 0) return;
            var removal = Files.BeginRemove(targets, Recurse, listings);
            WriteOlaresErrors(removal.Problems);
            foreach (var group in removal.Groups)
            {
                RemoveCheck? check = null;
                if (!Try(() => check = Run(ct => removal.CheckAsync(group, ct)))) continue;
                WriteOlaresErrors(check!.Problems);
                var approved = check.Candidates.Where(item => ShouldProcess(OnAccount(item.Path.ToString()), item.IsDirectory ? "Delete the folder and everything in it" : "Delete the file", Force)).ToList();
                if (approved.Count == 0) continue;
                if (Try(() => Run(ct => removal.RemoveAsync(group, approved, ct)))) WriteVerbose("Deleted " + string.Join(", ", approved.Select(a => a.Path.ToString())) + ".");
            }
        }

    }
}
