using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Olares.Auth;
using Olares.Configuration;
using Olares.Errors;
using Olares.Http;
using Olares.Identity;
using Olares.Platform;
using Olares.Storage;

namespace Olares.Profiles
{
    /// <summary>
    /// The on-disk state shared with olares-cli (config dir, config.json, token store) as seen by one command, and
    /// the composition root that turns a profile into a <see cref="ResolvedProfile"/>. Cheap to create: nothing is
    /// read until asked for.
    /// </summary>
    public sealed class OlaresContext
    {
        private readonly object _importGate = new object();
        private bool _imported;
        private ManagedImportResult? _import;

        public OlaresContext(OlaresEnvironment environment, ITokenStore? tokens = null)
        {
            Environment = environment;
            Home = ConfigPaths.Home(environment);
            Config = new CliConfigStore(Home);
            Settings = new ModuleSettingsStore(Home);
            Tokens = tokens ?? TokenStoreFactory.CreateDefault(environment);
            ManagedMount = ManagedCredentialMount.From(environment);
        }

        public OlaresEnvironment Environment { get; }

        public string Home { get; }

        public CliConfigStore Config { get; }

        public ModuleSettingsStore Settings { get; }

        public ITokenStore Tokens { get; }

        /// <summary>The platform's credential mount inside an Olares app container; null on a host.</summary>
        public ManagedCredentialMount? ManagedMount { get; }

        /// <summary>
        /// config.json as this command sees it: the mounted platform credential imported first (once per
        /// command; see <see cref="ManagedProfiles"/>), and its profile kept in memory when config.json cannot take it.
        /// </summary>
        public CliConfig LoadConfig()
        {
            EnsureManagedImported();
            var config = Config.Load();
            _import?.ApplyUnsaved(config);
            return config;
        }

        /// <summary>
        /// The named profile (name or olaresId), or this session's current one when <paramref name="nameOrId"/> is
        /// empty: the profile config.json called current when the session first asked, kept since (see
        /// <see cref="SessionProfiles"/>).
        /// </summary>
        public ResolvedProfile ResolveProfile(string? nameOrId) => Resolve(FindProfile(LoadConfig(), nameOrId));

        /// <summary>A profile already read from config.json, with its URLs and module settings.</summary>
        public ResolvedProfile Resolve(ProfileConfig profile)
        {
            var id = OlaresId.Parse(profile.OlaresId);
            var settings = Settings.Get(profile.OlaresId);
            return new ResolvedProfile(this, profile, id, ServiceEndpoints.Resolve(id, profile, settings), settings);
        }

        /// <summary>The session of a profile, ready for API calls; fails fast when not logged in (see <see cref="ResolvedProfile.OpenSession"/>).</summary>
        public OlaresSession OpenSession(string? nameOrId) => ResolveProfile(nameOrId).OpenSession();

        /// <summary>The process-wide credential of a profile's identity.</summary>
        public OlaresCredential CredentialFor(ProfileConfig profile) => OlaresCredential.For(Home, Tokens, profile.OlaresId);

        /// <summary>This session's current profile in <paramref name="config"/>, or null when there is none.</summary>
        public ProfileConfig? SessionCurrent(CliConfig config)
        {
            var pinned = SessionProfiles.Get(Home);
            if (pinned != null) return config.FindByOlaresId(pinned);
            var current = config.Current();
            if (current != null) SessionProfiles.Adopt(Home, current.OlaresId);
            return current;
        }

        public IReadOnlyList<ProfileState> ListProfiles(DateTimeOffset now)
        {
            var config = LoadConfig();
            var current = SessionCurrent(config);
            var list = new List<ProfileState>();
            foreach (var p in config.Profiles)
            {
                list.Add(StateOf(p, current != null && ReferenceEquals(p, current), now));
            }

            return list;
        }

        /// <summary>A profile's local login state (no network), with what the credential mount says for a managed one.</summary>
        public ProfileState StateOf(ProfileConfig profile, bool isCurrent, DateTimeOffset now)
        {
            var state = ProfileState.Compute(profile, isCurrent, Tokens, now, profile.Managed ? ManagedMount : null);
            var import = _import;
            if (profile.Managed && import != null && import.Unsaved && import.Grant != null &&
                string.Equals(import.Grant.OlaresId, profile.OlaresId, StringComparison.Ordinal))
            {
                state = state.WithDetail("not saved in config.json (" + import.SaveProblem + "); each command sets it up again");
            }

            return state;
        }

        /// <summary>
        /// Makes a profile current ("-" = the previous one) for this session and, with <paramref name="persist"/>, in
        /// config.json for new sessions and olares-cli too. Returns the profile that is now current.
        /// </summary>
        public ProfileConfig UseProfile(string nameOrDash, bool persist, CancellationToken ct = default)
        {
            ProfileConfig target;
            if (persist)
            {
                target = Config.Update(config =>
                {
                    config.SetCurrent(nameOrDash);
                    return config.Current()!;
                }, ct);
            }
            else
            {
                var config = LoadConfig();
                if (nameOrDash == "-") throw new OlaresArgumentException("OlaresNoPreviousProfile", "Use-OlaresProfile -Previous switches back in config.json; with -Scope Process name the profile.", nameOrDash);
                target = config.FindProfile(nameOrDash) ?? throw new OlaresProfileNotFoundException(nameOrDash);
            }

            SessionProfiles.Set(Home, target.OlaresId);
            return target;
        }

        /// <summary>
        /// Removes a profile and its stored token (logout). The token goes first, through the identity's credential,
        /// which waits for any refresh in flight, so nothing writes the login back afterwards; a command stopped while
        /// it waits has changed nothing. When the last profile goes,
        /// the whole token store of olares-cli's service is purged, as olares-cli does. If it was this session's
        /// current profile, the session follows config.json's new current one.
        /// </summary>
        /// <exception cref="OlaresManagedProfileException">The profile is platform-issued: the next command would recreate it; uninstalling its application revokes it.</exception>
        public async Task<ProfileConfig> RemoveProfileAsync(string nameOrId, CancellationToken ct = default)
        {
            var profile = LoadConfig().FindProfile(nameOrId) ?? throw new OlaresProfileNotFoundException(nameOrId);
            ManagedProfiles.Refuse(profile, "remove");
            var credential = CredentialFor(profile);
            await credential.RemoveAsync(ct).ConfigureAwait(false);
            OlaresSession.Forget(credential);
            var remaining = Config.Update(config =>
            {
                config.Remove(profile.OlaresId);
                return config.Profiles.Count;
            }, CancellationToken.None);
            Settings.Set(profile.OlaresId, null);
            if (remaining == 0) Tokens.Purge();
            if (string.Equals(SessionProfiles.Get(Home), profile.OlaresId, StringComparison.Ordinal)) SessionProfiles.Clear(Home);
            return profile;
        }

        /// <summary>Records cached facts about a profile (role, version) without disturbing concurrent writers.</summary>
        public void UpdateProfile(string olaresId, Action<ProfileConfig> change, CancellationToken ct = default) =>
            Config.Update(config =>
            {
                var p = config.FindByOlaresId(olaresId);
                if (p != null) change(p);
                return true;
            }, ct);

        private ProfileConfig FindProfile(CliConfig config, string? nameOrId)
        {
            if (!string.IsNullOrWhiteSpace(nameOrId))
            {
                return config.FindProfile(nameOrId!.Trim()) ?? throw new OlaresProfileNotFoundException(nameOrId!);
            }

            var pinned = SessionProfiles.Get(Home);
            if (pinned != null) return config.FindByOlaresId(pinned) ?? throw new OlaresSessionProfileRemovedException(pinned);
            var current = config.Current() ?? throw NoProfile();
            SessionProfiles.Adopt(Home, current.OlaresId);
            return current;
        }

        /// <summary>In an app container whose mounted credential is unusable, a login is not the remedy; say what is.</summary>
        private OlaresNoProfileException NoProfile()
        {
            var mount = ManagedMount;
            if (mount == null || !mount.IsPresent) return new OlaresNoProfileException();
            return new OlaresNoProfileException(_import?.MountProblem ?? "it names no usable account");
        }

        private void EnsureManagedImported()
        {
            lock (_importGate)
            {
                if (_imported) return;
                _imported = true;
                _import = ManagedProfiles.Import(this);
            }
        }
    }
}
