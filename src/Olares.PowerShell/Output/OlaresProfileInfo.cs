using System;
using Olares.Profiles;

namespace Olares.PowerShell.Output
{
    /// <summary>A configured profile and its local login state (Get-OlaresProfile, Connect-Olares -PassThru).</summary>
    public sealed class OlaresProfileInfo
    {
        public string Name { get; set; } = string.Empty;

        public string OlaresId { get; set; } = string.Empty;

        public ProfileStatus Status { get; set; }

        public bool IsCurrent { get; set; }

        /// <summary>When the stored access token expires (local time); null when unknown.</summary>
        public DateTime? ExpiresAt { get; set; }

        /// <summary>When the server rejected the refresh token (local time); null unless Status is Invalidated.</summary>
        public DateTime? InvalidatedAt { get; set; }

        public string? StatusDetail { get; set; }

        /// <summary>
        /// Where the credential comes from: "local" (a login made here, by this module or olares-cli) or
        /// "platform (&lt;app&gt;)" (issued by Olares to an application, inside its container; no login needed or possible).
        /// </summary>
        public string Source { get; set; } = "local";

        /// <summary>The application a platform-issued credential belongs to; null for a local login.</summary>
        public string? AppName { get; set; }

        public string? OwnerRole { get; set; }

        public string? BackendVersion { get; set; }

        public string? AuthUrl { get; set; }

        public string? DesktopUrl { get; set; }

        public string? ServiceUrlTemplate { get; set; }

        /// <summary>The profile's olaresId again, under the name -Profile binds from: Get-OlaresProfile work | Get-OlaresUser.</summary>
        public string Profile => OlaresId;

        public bool InsecureSkipVerify { get; set; }

        internal static OlaresProfileInfo From(ProfileState state, ResolvedProfile? resolved)
        {
            var p = state.Profile;
            return new OlaresProfileInfo
            {
                Name = p.DisplayName,
                OlaresId = p.OlaresId,
                Status = state.Status,
                IsCurrent = state.IsCurrent,
                ExpiresAt = state.ExpiresAt?.LocalDateTime,
                InvalidatedAt = state.InvalidatedAt?.LocalDateTime,
                StatusDetail = state.StatusDetail,
                Source = state.Source,
                AppName = p.Managed ? p.AppName : null,
                OwnerRole = p.OwnerRole,
                BackendVersion = p.BackendVersion,
                AuthUrl = resolved?.Endpoints.Auth.AbsoluteUri.TrimEnd('/'),
                DesktopUrl = resolved?.Endpoints.Desktop.AbsoluteUri.TrimEnd('/'),
                ServiceUrlTemplate = resolved?.Settings?.ServiceUrlTemplate,
                InsecureSkipVerify = p.InsecureSkipVerify,
            };
        }
    }
}
