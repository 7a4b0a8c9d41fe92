using System;
using System.Collections.Generic;
using System.Management.Automation;
using Olares.PowerShell.Completers;
using Olares.Errors;
using Olares.PowerShell.Output;
using Olares.Profiles;

namespace Olares.PowerShell.Commands.Profiles
{
    /// <summary>
    /// <para type="synopsis">Lists the configured Olares profiles and their login state, without any network call.</para>
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "OlaresProfile")]
    [OutputType(typeof(OlaresProfileInfo))]
    public sealed class GetOlaresProfileCommand : OlaresCmdlet
    {
        /// <summary>Profile names or olaresIds; wildcards allowed. All profiles when omitted.</summary>
        [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(ProfileNameCompleter))]
        public string[]? Name { get; set; }

        /// <summary>Only the current profile.</summary>
        [Parameter]
        public SwitchParameter Current { get; set; }

        protected override void ProcessRecord()
        {
            Try(() =>
            {
                var states = Context.ListProfiles(DateTimeOffset.UtcNow);
                var matched = new HashSet<string>(StringComparer.Ordinal);
                foreach (var state in states)
                {
                    if (Current.IsPresent && !state.IsCurrent) continue;
                    if (Name != null && !Matches(state, matched)) continue;
                    ResolvedProfile? resolved = null;
                    try
                    {
                        resolved = Context.Resolve(state.Profile);
                    }
                    catch (OlaresException e)
                    {
                        WriteDebug("Cannot derive the URLs of " + state.Profile.OlaresId + ": " + e.Message);
                    }

                    WriteObject(OlaresProfileInfo.From(state, resolved));
                }

                if (Name == null) return;
                foreach (var n in Name)
                {
                    if (!WildcardPattern.ContainsWildcardCharacters(n) && !matched.Contains(n))
                    {
                        WriteOlaresError(new OlaresProfileNotFoundException(n));
                    }
                }
            });
        }

        private bool Matches(ProfileState state, HashSet<string> matched)
        {
            var any = false;
            foreach (var n in Name!)
            {
                var pattern = new WildcardPattern(n, WildcardOptions.IgnoreCase);
                if (pattern.IsMatch(state.Profile.DisplayName) || pattern.IsMatch(state.Profile.OlaresId))
                {
                    matched.Add(n);
                    any = true;
                }
            }

            return any;
        }
    }
}
