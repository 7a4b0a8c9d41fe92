using System;
using System.Management.Automation;
using Olares.PowerShell.Output;
using Olares.Profiles;

namespace Olares.PowerShell.Commands.Profiles
{
    /// <summary>
    /// <para type="synopsis">Makes a profile the current one (shared with olares-cli's "profile use").</para>
    /// </summary>
    [Cmdlet(VerbsOther.Use, "OlaresProfile", DefaultParameterSetName = NameSet)]
    [OutputType(typeof(OlaresProfileInfo))]
    public sealed class UseOlaresProfileCommand : OlaresCmdlet
    {
        private const string NameSet = "Name";
        private const string PreviousSet = "Previous";

        /// <summary>The profile name or olaresId.</summary>
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = NameSet, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(ProfileNameCompleter))]
        public string Name { get; set; } = string.Empty;

        /// <summary>Switches back to the previous profile.</summary>
        [Parameter(Mandatory = true, ParameterSetName = PreviousSet)]
        public SwitchParameter Previous { get; set; }

        /// <summary>Outputs the profile that is now current.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override void ProcessRecord()
        {
            Try(() =>
            {
                var current = Context.UseProfile(Previous.IsPresent ? "-" : Name, Cancellation);
                WriteVerbose("The current profile is now " + current.DisplayName + ".");
                if (PassThru.IsPresent)
                {
                    var state = ProfileState.Compute(current, true, Context.Tokens, DateTimeOffset.UtcNow);
                    WriteObject(OlaresProfileInfo.From(state, Context.Resolve(current)));
                }
            });
        }
    }
}
