using System;
using System.Management.Automation;
using Olares.PowerShell.Completers;
using Olares.PowerShell.Output;
using Olares.Profiles;

namespace Olares.PowerShell.Commands.Profiles
{
    /// <summary>Where Use-OlaresProfile makes a profile current.</summary>
    public enum OlaresProfileScope
    {
        /// <summary>This PowerShell session only (all its runspaces); other sessions and olares-cli keep theirs.</summary>
        Process,

        /// <summary>This session and config.json, which new sessions and olares-cli read.</summary>
        CurrentUser,
    }

    /// <summary>
    /// <para type="synopsis">Makes a profile the current one: for this session, and (by default) in config.json for new sessions and olares-cli.</para>
    /// </summary>
    [Cmdlet(VerbsOther.Use, "OlaresProfile", DefaultParameterSetName = NameSet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
    [OutputType(typeof(OlaresProfileInfo))]
    public sealed class UseOlaresProfileCommand : OlaresCmdlet
    {
        private const string NameSet = "Name";
        private const string PreviousSet = "Previous";

        /// <summary>The profile name or olaresId.</summary>
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = NameSet, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        [Alias("Profile")]
        [ArgumentCompleter(typeof(ProfileNameCompleter))]
        public string Name { get; set; } = string.Empty;

        /// <summary>Switches back to the previous profile (config.json's previous one).</summary>
        [Parameter(Mandatory = true, ParameterSetName = PreviousSet)]
        public SwitchParameter Previous { get; set; }

        /// <summary>Process: this session only. CurrentUser (the default): this session and config.json (new sessions, olares-cli).</summary>
        [Parameter(ParameterSetName = NameSet)]
        public OlaresProfileScope Scope { get; set; } = OlaresProfileScope.CurrentUser;

        /// <summary>Outputs the profile that is now current.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override void ProcessRecord()
        {
            Try(() =>
            {
                var persist = Previous.IsPresent || Scope == OlaresProfileScope.CurrentUser;
                var target = Previous.IsPresent ? "the previous profile" : Name;
                if (!ShouldProcess(target, persist ? "Make it the current profile (this session and config.json)" : "Make it the current profile of this session")) return;
                var current = Context.UseProfile(Previous.IsPresent ? "-" : Name, persist, Cancellation);
                WriteVerbose("The current profile is now " + current.DisplayName + (persist ? "." : " in this session (config.json is unchanged)."));
                if (PassThru.IsPresent)
                {
                    var state = Context.StateOf(current, true, DateTimeOffset.UtcNow);
                    WriteObject(OlaresProfileInfo.From(state, Context.Resolve(current)));
                }
            });
        }
    }
}
