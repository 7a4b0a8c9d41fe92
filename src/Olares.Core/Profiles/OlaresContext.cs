using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Olares.Configuration;
using Olares.Errors;
using Olares.Http;
using Olares.Identity;
using Olares.Platform;
using Olares.Storage;

namespace Olares.Profiles
{
    /// <summary>A profile resolved for use: its config, URLs and module settings.</summary>
    public sealed class ResolvedProfile
    {
        public ResolvedProfile(ProfileConfig profile, OlaresId id, ServiceEndpoints endpoints, ModuleProfileSettings? settings)
        {
            Profile = profile;
            Id = id;
            Endpoints = endpoints;
            Settings = settings;
        }

        public ProfileConfig Profile { get; }

        public OlaresId Id { get; }

        public ServiceEndpoints Endpoints { get; }

        public ModuleProfileSettings? Settings { get; }
    }

    /// <summary>
    /// The on-disk state shared with olares-cli (config dir, config.json, token store) as seen by one command.
    /// Cheap to create: nothing is read until asked for.
    /// </summary>
    public sealed class OlaresContext
    {
        public OlaresContext(OlaresEnvironment environment, ITokenStore? tokens = null)
        {
            Environment = environment;
            Home = ConfigPaths.Home(environment);
            Config = new CliConfigStore(Home);
            Settings = new ModuleSettingsStore(Home);
            Tokens = tokens ?? TokenStoreFactory.CreateDefault(environment);
        }

        public OlaresEnvironment Environment { get; }

        public string Home { get; }

        public CliConfigStore Config { get; }

        public ModuleSettingsStore Settings { get; }

        public ITokenStore Tokens { get; }

        /// <summary>The named profile (name or olaresId), or the current one when <paramref name="nameOrId"/> is empty.</summary>
        public ResolvedProfile ResolveProfile(string? nameOrId)
        {
            var config = Config.Load();
            ProfileConfig? profile;
            if (string.IsNullOrWhiteSpace(nameOrId))
            {
                profile = config.Current() ?? throw new OlaresNoProfileException();
            }
            else
            {
                profile = config.FindProfile(nameOrId!.Trim()) ?? throw new OlaresProfileNotFoundException(nameOrId!);
            }

            return Resolve(profile);
        }

        /// <summary>A profile already read from config.json, with its URLs and module settings.</summary>
        public ResolvedProfile Resolve(ProfileConfig profile)
        {
            var id = OlaresId.Parse(profile.OlaresId);
            var settings = Settings.Get(profile.OlaresId);
            return new ResolvedProfile(profile, id, ServiceEndpoints.Resolve(id, profile, settings), settings);
        }

        /// <summary>
        /// The session of a profile, ready for API calls (protocol §3.6): fails fast, with no network call, when
        /// nothing is stored or the grant was invalidated. A stale token is fine: the pipeline refreshes it.
        /// </summary>
        public OlaresSession OpenSession(string? nameOrId) => OpenSessionFor(ResolveProfile(nameOrId));

        /// <summary>The session of a profile already resolved (see <see cref="OpenSession(string?)"/>).</summary>
        public OlaresSession OpenSessionFor(ResolvedProfile resolved)
        {
            var id = resolved.Id.Value;
            var token = Tokens.Get(resolved.Profile.OlaresId);
            if (token == null || string.IsNullOrEmpty(token.AccessToken)) throw new OlaresNotLoggedInException(id);
            if (token.InvalidatedAt > 0) throw new OlaresTokenInvalidatedException(id, DateTimeOffset.FromUnixTimeMilliseconds(token.InvalidatedAt));
            return OlaresSession.Get(Home, resolved.Id, resolved.Endpoints, Tokens, resolved.Profile.InsecureSkipVerify, token.AccessToken);
        }

        public IReadOnlyList<ProfileState> ListProfiles(DateTimeOffset now)
        {
            var config = Config.Load();
            var current = config.Current();
            var list = new List<ProfileState>();
            foreach (var p in config.Profiles)
            {
                list.Add(ProfileState.Compute(p, current != null && ReferenceEquals(p, current), Tokens, now));
            }

            return list;
        }

        /// <summary>Makes a profile current ("-" = the previous one). Returns the new current profile.</summary>
        public ProfileConfig UseProfile(string nameOrDash, CancellationToken ct = default) =>
            Config.Update(config =>
            {
                config.SetCurrent(nameOrDash);
                return config.Current()!;
            }, ct);

        /// <summary>
        /// Removes a profile and its stored token (logout). When the last profile goes, the whole token store of
        /// olares-cli's service is purged, as olares-cli does.
        /// </summary>
        public ProfileConfig RemoveProfile(string nameOrId, CancellationToken ct = default)
        {
            ProfileConfig? removed = null;
            var remaining = Config.Update(config =>
            {
                removed = config.FindProfile(nameOrId) ?? throw new OlaresProfileNotFoundException(nameOrId);
                config.Remove(nameOrId);
                return config.Profiles.Count;
            }, ct);
            Tokens.Delete(removed!.OlaresId);
            Settings.Set(removed.OlaresId, null);
            if (remaining == 0) Tokens.Purge();
            OlaresSession.Forget(Home, removed.OlaresId);
            return removed;
        }

        /// <summary>Records cached facts about a profile (role, version) without disturbing concurrent writers.</summary>
        public void UpdateProfile(string olaresId, Action<ProfileConfig> change, CancellationToken ct = default) =>
            Config.Update(config =>
            {
                var p = config.FindProfile(olaresId);
                if (p != null) change(p);
                return true;
            }, ct);
    }
}
