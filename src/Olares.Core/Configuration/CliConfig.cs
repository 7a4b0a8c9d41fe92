using System;
using System.Collections.Generic;
using System.Text.Json;
using System.Text.Json.Serialization;
using Olares.Errors;
using Olares.Storage;

namespace Olares.Configuration
{
    /// <summary>
    /// config.json: the profile list plus the current/previous selection, shared with olares-cli. The lookup and
    /// update rules are those of cli/pkg/cliconfig/config.go (protocol §3.2, §2.2 step F, §10 item 15); where this
    /// class deliberately differs, the member documents it. Top-level keys this version does not know are kept.
    /// </summary>
    public sealed class CliConfig
    {
        private List<ProfileConfig> _profiles = new List<ProfileConfig>();

        /// <summary>Name or olaresId of the current profile. Empty means "the first profile".</summary>
        [JsonPropertyName("currentProfile")]
        [OmitEmpty]
        public string? CurrentProfile { get; set; }

        /// <summary>What "-" switches back to.</summary>
        [JsonPropertyName("previousProfile")]
        [OmitEmpty]
        public string? PreviousProfile { get; set; }

        [JsonPropertyName("profiles")]
        [OmitEmpty]
        public List<ProfileConfig> Profiles
        {
            get => _profiles;
            set => _profiles = value ?? new List<ProfileConfig>();
        }

        /// <summary>Top-level keys this version does not know, preserved round-trip.</summary>
        [JsonExtensionData]
        public Dictionary<string, JsonElement>? ExtensionData { get; set; }

        /// <summary>An exact alias (name) match first, then an exact olaresId match; null when nothing matches.</summary>
        public ProfileConfig? FindProfile(string key)
        {
            if (string.IsNullOrEmpty(key)) return null;
            foreach (var profile in _profiles)
            {
                if (string.Equals(profile.Name, key, StringComparison.Ordinal)) return profile;
            }

            return FindByOlaresId(key);
        }

        /// <summary>The profile whose olaresId is exactly <paramref name="olaresId"/>, or null.</summary>
        public ProfileConfig? FindByOlaresId(string olaresId)
        {
            if (string.IsNullOrEmpty(olaresId)) return null;
            foreach (var profile in _profiles)
            {
                if (string.Equals(profile.OlaresId, olaresId, StringComparison.Ordinal)) return profile;
            }

            return null;
        }

        /// <summary>
        /// The active profile: the one <see cref="CurrentProfile"/> names; the first profile when
        /// <see cref="CurrentProfile"/> is empty; null when there are no profiles or it names a missing one.
        /// </summary>
        public ProfileConfig? Current()
        {
            if (string.IsNullOrEmpty(CurrentProfile)) return _profiles.Count > 0 ? _profiles[0] : null;
            return FindProfile(CurrentProfile!);
        }

        /// <summary>
        /// Makes the profile <paramref name="key"/> (name or olaresId; "-" = the previous profile) current, storing
        /// its display name. When the active profile really changes, the old one's display name becomes the previous
        /// profile; re-selecting the active profile leaves the previous profile alone (olares-cli compares the raw
        /// strings and can clear it in that case).
        /// </summary>
        /// <exception cref="OlaresException">ErrorId "OlaresNoPreviousProfile": "-" with no previous profile.</exception>
        /// <exception cref="OlaresProfileNotFoundException">No profile matches.</exception>
        public void SetCurrent(string key)
        {
            if (key == null) throw new ArgumentNullException(nameof(key));
            if (key == "-")
            {
                if (string.IsNullOrEmpty(PreviousProfile))
                {
                    throw new OlaresException("OlaresNoPreviousProfile", OlaresErrorKind.InvalidOperation,
                        "There is no previous profile to switch back to.")
                    {
                        RecommendedAction = "Get-OlaresProfile",
                    };
                }

                key = PreviousProfile!;
            }

            var target = FindProfile(key) ?? throw new OlaresProfileNotFoundException(key);
            SwitchTo(target);
        }

        /// <summary>
        /// Removes the profile matching <paramref name="key"/> (name first, then olaresId, as
        /// <see cref="FindProfile"/>). A previous-profile pointer to it is cleared. If it was the active profile,
        /// the previous profile becomes current when it still exists (and the previous pointer is cleared), else the
        /// first remaining profile, else nothing. Returns false when nothing matched.
        /// </summary>
        public bool Remove(string key)
        {
            var target = FindProfile(key);
            if (target == null) return false;
            var wasCurrent = ReferenceEquals(Current(), target);
            var wasPrevious = !string.IsNullOrEmpty(PreviousProfile) && ReferenceEquals(FindProfile(PreviousProfile!), target);
            _profiles.Remove(target);
            if (wasPrevious) PreviousProfile = null;
            if (wasCurrent)
            {
                if (!string.IsNullOrEmpty(PreviousProfile) && FindProfile(PreviousProfile!) != null)
                {
                    CurrentProfile = PreviousProfile;
                    PreviousProfile = null;
                }
                else
                {
                    CurrentProfile = _profiles.Count > 0 ? _profiles[0].DisplayName : null;
                }
            }

            return true;
        }

        /// <summary>
        /// Inserts <paramref name="incoming"/> (a copy of it), or merges it into the profile with the same olaresId,
        /// keeping that profile's slot. On merge every existing field is kept unless the incoming value is non-empty
        /// (so override fields such as authUrlOverride/localUrlPrefix survive a re-login without flags), and
        /// insecureSkipVerify and managed can only be switched on. When the merge renames a profile that the
        /// current/previous pointer named, the pointer follows the new display name.
        /// Then, as olares-cli's login (§2.2 step F): with <paramref name="switchTo"/> the profile becomes current
        /// and the old current becomes previous; without it, it still becomes current when there is no current
        /// profile (none set, or the one set no longer exists).
        /// Returns the stored profile.
        /// </summary>
        public ProfileConfig Upsert(ProfileConfig incoming, bool switchTo)
        {
            if (incoming == null) throw new ArgumentNullException(nameof(incoming));
            if (string.IsNullOrEmpty(incoming.OlaresId))
            {
                throw new OlaresArgumentException("OlaresIdRequired", "A profile needs an olaresId (for example alice@olares.com).", incoming);
            }

            var existing = FindByOlaresId(incoming.OlaresId);
            ProfileConfig stored;
            if (existing == null)
            {
                stored = incoming.Clone();
                _profiles.Add(stored);
            }
            else
            {
                var pointedByCurrent = !string.IsNullOrEmpty(CurrentProfile) && ReferenceEquals(FindProfile(CurrentProfile!), existing);
                var pointedByPrevious = !string.IsNullOrEmpty(PreviousProfile) && ReferenceEquals(FindProfile(PreviousProfile!), existing);
                Merge(existing, incoming);
                if (pointedByCurrent && !ReferenceEquals(FindProfile(CurrentProfile!), existing)) CurrentProfile = existing.DisplayName;
                if (pointedByPrevious && !ReferenceEquals(FindProfile(PreviousProfile!), existing)) PreviousProfile = existing.DisplayName;
                stored = existing;
            }

            if (switchTo)
            {
                SwitchTo(stored);
            }
            else if (string.IsNullOrEmpty(CurrentProfile) || FindProfile(CurrentProfile!) == null)
            {
                // Never leave "profiles exist but none is current"; no previous-profile bookkeeping here.
                CurrentProfile = stored.DisplayName;
            }

            return stored;
        }

        private void SwitchTo(ProfileConfig target)
        {
            var old = Current();
            // A stale current (pointing nowhere) is not recorded as previous; the old previous is kept then.
            if (old != null && !ReferenceEquals(old, target)) PreviousProfile = old.DisplayName;
            CurrentProfile = target.DisplayName;
        }

        private static void Merge(ProfileConfig into, ProfileConfig from)
        {
            into.Name = Pick(from.Name, into.Name);
            into.UserUid = Pick(from.UserUid, into.UserUid);
            into.AuthUrlOverride = Pick(from.AuthUrlOverride, into.AuthUrlOverride);
            into.LocalUrlPrefix = Pick(from.LocalUrlPrefix, into.LocalUrlPrefix);
            into.InsecureSkipVerify = into.InsecureSkipVerify || from.InsecureSkipVerify;
            into.OwnerRole = Pick(from.OwnerRole, into.OwnerRole);
            into.WhoamiRefreshedAt = Pick(from.WhoamiRefreshedAt, into.WhoamiRefreshedAt);
            if (from.ClusterContext.HasValue && from.ClusterContext.Value.ValueKind != JsonValueKind.Undefined &&
                from.ClusterContext.Value.ValueKind != JsonValueKind.Null)
            {
                into.ClusterContext = from.ClusterContext;
            }

            into.ClusterContextRefreshedAt = Pick(from.ClusterContextRefreshedAt, into.ClusterContextRefreshedAt);
            into.BackendVersion = Pick(from.BackendVersion, into.BackendVersion);
            into.BackendVersionRefreshedAt = Pick(from.BackendVersionRefreshedAt, into.BackendVersionRefreshedAt);
            into.Location = Pick(from.Location, into.Location);
            into.LocationProbedAt = Pick(from.LocationProbedAt, into.LocationProbedAt);
            into.LocationUnreachableAt = Pick(from.LocationUnreachableAt, into.LocationUnreachableAt);
            into.Managed = into.Managed || from.Managed;
            into.AppName = Pick(from.AppName, into.AppName);
            if (from.ExtensionData != null && from.ExtensionData.Count > 0)
            {
                into.ExtensionData ??= new Dictionary<string, JsonElement>();
                foreach (var pair in from.ExtensionData) into.ExtensionData[pair.Key] = pair.Value;
            }
        }

        private static string? Pick(string? incoming, string? existing) => string.IsNullOrEmpty(incoming) ? existing : incoming;

        private static long Pick(long incoming, long existing) => incoming != 0 ? incoming : existing;
    }
}
