using System.Management.Automation;
using Olares.PowerShell.Output;

namespace Olares.PowerShell.Commands.Files
{
    /// <summary>
    /// <para type="synopsis">Copies files and folders on the server, as a server-side task (olares-cli's "files cp").</para>
    /// </summary>
    [Cmdlet(VerbsCommon.Copy, "OlaresItem", DefaultParameterSetName = LiteralPathSet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
    [OutputType(typeof(OlaresItem), typeof(OlaresTask))]
    public sealed class CopyOlaresItemCommand : OlaresPasteCmdlet
    {
        /// <summary>Copies folders with everything in them (without it, folders are refused).</summary>
        [Parameter]
        public SwitchParameter Recurse { get; set; }

        protected override bool IsMove => false;

        protected override bool AllowsFolders => Recurse;
    }
}
