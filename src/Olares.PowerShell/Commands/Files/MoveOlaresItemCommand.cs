using System.Management.Automation;
using Olares.PowerShell.Output;

namespace Olares.PowerShell.Commands.Files
{
    /// <summary>
    /// <para type="synopsis">Moves files and folders on the server, as a server-side task (olares-cli's "files mv").</para>
    /// </summary>
    [Cmdlet(VerbsCommon.Move, "OlaresItem", DefaultParameterSetName = LiteralPathSet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(OlaresItem), typeof(OlaresTask))]
    public sealed class MoveOlaresItemCommand : OlaresPasteCmdlet
    {
        protected override bool IsMove => true;

        protected override bool AllowsFolders => true;
    }
}
