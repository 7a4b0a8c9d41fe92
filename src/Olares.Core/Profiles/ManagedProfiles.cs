using System;
using System.Threading;
using Olares.Auth;
using Olares.Configuration;
using Olares.Errors;

namespace Olares.Profiles
{
    /// <summary>What the import of a platform-issued credential found and did, once per command.</summary>
    public sealed class ManagedImportResult
    {
        internal ManagedImportResult(ManagedGrant? grant, string? mountProblem)
        {
            Grant = grant;
            MountProblem = mountProblem;
        }

        /// <summary>The mounted grant (null when the mount holds none that can be used).</summary>
        public ManagedGrant? Grant { get; }

        /// <summary>Why the mounted credential could not be used (a path and a reason, no secrets).</summary>
        public string? MountProblem { get; internal set; }

        /// <summary>Why the managed profile could not be saved in config.json (it is then used from memory).</summary>
        public string? SaveProblem { get; internal set; }

        /// <summary>True when config.json could not take the managed profile: this command works from memory.</summary>
        internal bool Unsaved { get; set; }

        /// <summary>Puts the unsaved managed profile into a config read from disk, so this command still sees it.</summary>
        internal void ApplyUnsaved(CliConfig config)
        {
            if (Unsaved && Grant != null) ManagedProfiles.Mark(config, Grant);
        }
    }

    /// <summary>
    /// Platform-issued ("managed") profiles: olares-cli's startup import (credential.json → a profile marked
    /// <c>managed</c> with its <c>appName</c>, exactly as olares-cli writes it into config.json), the takeover of
    /// a hand-made profile of the same olaresId, and the refusals. Unlike olares-cli, the import makes no network
    /// call: the profile shows Pending until the first command that needs a token exchanges the credential, so
    /// listing profiles stays offline. It never fails a command.
    /// </summary>
    public static class ManagedProfiles
    {
        /// <summary>The profile's credential source as Get-OlaresProfile shows it: "local", "platform (lares)", "platform".</summary>
        public static string SourceOf(ProfileConfig profile)
        {
            if (profile == null) throw new ArgumentNullException(nameof(profile));
            if (!profile.Managed) return "local";
            return string.IsNullOrEmpty(profile.AppName) ? "platform" : "platform (" + profile.AppName + ")";
        }

        /// <summary>Refuses <paramref name="verb"/> ("log in as", "import credentials for", "remove") on a managed profile.</summary>
        /// <exception cref="OlaresManagedProfileException">The profile is platform-issued.</exception>
        public static void Refuse(ProfileConfig? profile, string verb)
        {
            if (profile != null && profile.Managed) throw new OlaresManagedProfileException(profile.OlaresId, profile.AppName, verb);
        }

        /// <summary>
        /// Brings config.json in line with the mounted credential: creates the managed profile, takes over a
        /// hand-made one of the same olaresId (keeping its name, URLs, TLS setting and this module's URL template,
        /// and deleting the user's stored login under the refresh lock), or follows a changed application name.
        /// </summary>
        internal static ManagedImportResult? Import(OlaresContext context)
        {
            var mount = context.ManagedMount;
            if (mount == null) return null;
            var grant = mount.Load(out var problem);
            if (grant == null)
            {
                OlaresLog.Debug("[managed] " + problem);
                return new ManagedImportResult(null, problem);
            }

            var result = new ManagedImportResult(grant, null);
            CliConfig config;
            try
            {
                config = context.Config.Load();
            }
            catch (OlaresException e)
            {
                // The command itself reports the unreadable config.json; it is never overwritten here.
                OlaresLog.Debug("[managed] cannot read config: " + e.Message);
                return result;
            }

            var existing = config.FindByOlaresId(grant.OlaresId);
            if (existing != null && existing.Managed)
            {
                // Steady state: no network, no token store; only a pod reused by another application changes anything.
                if (!string.Equals(existing.AppName, grant.AppName, StringComparison.Ordinal)) Save(context, result, grant);
                return result;
            }

            if (!Olares.Identity.OlaresId.TryParse(grant.OlaresId, out _, out var why))
            {
                OlaresLog.Debug("[managed] cannot use the credential of " + grant.OlaresId + ": " + why);
                result.MountProblem = mount.FilePath + " names an unusable olaresId (" + why + ")";
                return result;
            }

            // The profile first: should the token store fail, the managed credential ignores a user's entry anyway
            // and replaces it at the first exchange.
            Save(context, result, grant);
            try
            {
                var released = OlaresCredential.For(context.Home, context.Tokens, grant.OlaresId).ReleaseUserLoginAsync(CancellationToken.None).GetAwaiter().GetResult();
                if (released)
                {
                    OlaresLog.Verbose("The profile " + grant.OlaresId + " is now served by the credential the platform issued to application " +
                        grant.AppName + "; the stored login of the user was removed.");
                }
            }
            catch (Exception e) when (e is OlaresException || e is System.IO.IOException || e is UnauthorizedAccessException)
            {
                OlaresLog.Debug("[managed] cannot remove the superseded login of " + grant.OlaresId + ": " + e.Message);
            }

            return result;
        }

        /// <summary>Marks (or adds) the grant's profile in <paramref name="config"/>; returns true when something changed.</summary>
        internal static bool Mark(CliConfig config, ManagedGrant grant)
        {
            var profile = config.FindByOlaresId(grant.OlaresId);
            if (profile == null)
            {
                // As olares-cli: appended, currentProfile untouched (an empty one means the first profile).
                config.Profiles.Add(new ProfileConfig { OlaresId = grant.OlaresId, Managed = true, AppName = grant.AppName });
                return true;
            }

            if (profile.Managed && string.Equals(profile.AppName, grant.AppName, StringComparison.Ordinal)) return false;
            profile.Managed = true;
            profile.AppName = grant.AppName;
            return true;
        }

        private static void Save(OlaresContext context, ManagedImportResult result, ManagedGrant grant)
        {
            try
            {
                context.Config.Update(config => Mark(config, grant));
            }
            catch (OlaresException e)
            {
                result.Unsaved = true;
                result.SaveProblem = e.Message;
                OlaresLog.Warning("Cannot save the platform-issued profile of " + grant.OlaresId + " in config.json (" + e.Message +
                    "); this command uses it anyway, and the next one sets it up again.");
            }
        }
    }
}
