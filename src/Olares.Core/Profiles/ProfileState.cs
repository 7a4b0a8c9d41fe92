using System;
using Olares.Auth;
using Olares.Configuration;
using Olares.Errors;
using Olares.Storage;

namespace Olares.Profiles
{
    /// <summary>Login state of a profile, computed locally with no network call (protocol §3.5).</summary>
    public enum ProfileStatus
    {
        /// <summary>No token is stored: log in.</summary>
        Never,

        /// <summary>The token store could not be read for this profile.</summary>
        Unknown,

        /// <summary>The server rejected the refresh token: log in again.</summary>
        Invalidated,

        LoggedIn,

        /// <summary>The access token has expired; the next command refreshes it. Not a blocker.</summary>
        Expired,

        /// <summary>A platform-issued credential not exchanged yet: the next command that needs a token does it. No login needed.</summary>
        Pending,
    }

    /// <summary>A profile with its locally computed login state.</summary>
    public sealed class ProfileState
    {
        public ProfileState(ProfileConfig profile, bool isCurrent, ProfileStatus status, DateTimeOffset? expiresAt, DateTimeOffset? invalidatedAt, string? statusDetail)
        {
            Profile = profile;
            IsCurrent = isCurrent;
            Status = status;
            ExpiresAt = expiresAt;
            InvalidatedAt = invalidatedAt;
            StatusDetail = statusDetail;
        }

        public ProfileConfig Profile { get; }

        /// <summary>Where the credential comes from: "local" (a login on this machine), "platform (&lt;app&gt;)" (issued to an application).</summary>
        public string Source => ManagedProfiles.SourceOf(Profile);

        public bool IsCurrent { get; }

        public ProfileStatus Status { get; }

        public DateTimeOffset? ExpiresAt { get; }

        public DateTimeOffset? InvalidatedAt { get; }

        /// <summary>Why the status is what it is when that is not obvious (unreadable store, token without exp).</summary>
        public string? StatusDetail { get; }

        /// <summary>The same state with <paramref name="detail"/> added to <see cref="StatusDetail"/>.</summary>
        public ProfileState WithDetail(string detail) =>
            new ProfileState(Profile, IsCurrent, Status, ExpiresAt, InvalidatedAt, string.IsNullOrEmpty(StatusDetail) ? detail : StatusDetail + "; " + detail);

        /// <param name="mount">For a managed profile: the container's credential mount (null when this process has none).</param>
        public static ProfileState Compute(ProfileConfig profile, bool isCurrent, ITokenStore store, DateTimeOffset now, ManagedCredentialMount? mount = null)
        {
            if (profile.Managed) return ComputeManaged(profile, isCurrent, store, now, mount);
            StoredToken? token;
            try
            {
                token = store.Get(profile.OlaresId);
            }
            catch (OlaresException e)
            {
                return new ProfileState(profile, isCurrent, ProfileStatus.Unknown, null, null, e.Message);
            }

            if (token == null || string.IsNullOrEmpty(token.AccessToken)) return new ProfileState(profile, isCurrent, ProfileStatus.Never, null, null, null);
            return FromToken(profile, isCurrent, token, now, null);
        }

        /// <summary>
        /// olares-cli's rules for a platform-issued profile: no managed entry (or an empty one) is Pending, never
        /// Never (a login is not the remedy); a rejected credential is Invalidated, and the detail says whether a
        /// re-issued one is waiting in the mount.
        /// </summary>
        private static ProfileState ComputeManaged(ProfileConfig profile, bool isCurrent, ITokenStore store, DateTimeOffset now, ManagedCredentialMount? mount)
        {
            ManagedGrant? grant = null;
            string? mountProblem;
            if (mount == null) mountProblem = "the platform-issued credential is not mounted in this process";
            else grant = mount.LoadFor(profile.OlaresId, out mountProblem);

            StoredToken? token;
            try
            {
                token = store.Get(profile.OlaresId);
            }
            catch (OlaresException e)
            {
                token = null;
                mountProblem = Join("the stored token cannot be read (" + e.Message + ") and is replaced at the next exchange", mountProblem);
            }

            if (token == null || !token.Managed || (string.IsNullOrEmpty(token.AccessToken) && token.InvalidatedAt == 0))
            {
                return new ProfileState(profile, isCurrent, ProfileStatus.Pending, null, null, mountProblem);
            }

            if (token.InvalidatedAt > 0)
            {
                var at = DateTimeOffset.FromUnixTimeMilliseconds(token.InvalidatedAt);
                var detail = grant != null && grant.WrittenAt.ToUnixTimeMilliseconds() > token.InvalidatedAt
                    ? "a re-issued credential is mounted; the next command tries it"
                    : Join("the server rejected the credential; reinstall or repair " +
                        (string.IsNullOrEmpty(profile.AppName) ? "the application that requested it" : "application \"" + profile.AppName + "\"") +
                        " to have it re-issued", mountProblem);
                return new ProfileState(profile, isCurrent, ProfileStatus.Invalidated, null, at, detail);
            }

            return FromToken(profile, isCurrent, token, now, mountProblem);
        }

        private static ProfileState FromToken(ProfileConfig profile, bool isCurrent, StoredToken token, DateTimeOffset now, string? detail)
        {
            if (token.InvalidatedAt > 0)
            {
                return new ProfileState(profile, isCurrent, ProfileStatus.Invalidated, null, DateTimeOffset.FromUnixTimeMilliseconds(token.InvalidatedAt), null);
            }

            switch (Jwt.TryGetExpiry(token.AccessToken, out var exp))
            {
                case JwtExpiryState.NoExpiry:
                    return new ProfileState(profile, isCurrent, ProfileStatus.LoggedIn, null, null, Join("the access token has no expiry", detail));
                case JwtExpiryState.NotAJwt:
                    return new ProfileState(profile, isCurrent, ProfileStatus.LoggedIn, null, null, Join("the access token is not a JWT", detail));
                default:
                    return new ProfileState(profile, isCurrent, now >= exp ? ProfileStatus.Expired : ProfileStatus.LoggedIn, exp, null, detail);
            }
        }

        private static string? Join(string? first, string? second) =>
            string.IsNullOrEmpty(first) ? second : string.IsNullOrEmpty(second) ? first : first + "; " + second;
    }
}
