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

        public bool IsCurrent { get; }

        public ProfileStatus Status { get; }

        public DateTimeOffset? ExpiresAt { get; }

        public DateTimeOffset? InvalidatedAt { get; }

        /// <summary>Why the status is what it is when that is not obvious (unreadable store, token without exp).</summary>
        public string? StatusDetail { get; }

        public static ProfileState Compute(ProfileConfig profile, bool isCurrent, ITokenStore store, DateTimeOffset now)
        {
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
            if (token.InvalidatedAt > 0)
            {
                return new ProfileState(profile, isCurrent, ProfileStatus.Invalidated, null, DateTimeOffset.FromUnixTimeMilliseconds(token.InvalidatedAt), null);
            }

            switch (Jwt.TryGetExpiry(token.AccessToken, out var exp))
            {
                case JwtExpiryState.NoExpiry:
                    return new ProfileState(profile, isCurrent, ProfileStatus.LoggedIn, null, null, "the access token has no expiry");
                case JwtExpiryState.NotAJwt:
                    return new ProfileState(profile, isCurrent, ProfileStatus.LoggedIn, null, null, "the access token is not a JWT");
                default:
                    return new ProfileState(profile, isCurrent, now >= exp ? ProfileStatus.Expired : ProfileStatus.LoggedIn, exp, null, null);
            }
        }
    }
}
