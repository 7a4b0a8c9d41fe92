using System;

namespace Olares.PowerShell.Output
{
    /// <summary>What the server says about itself (Get-OlaresSystemInfo), and the Olares version the module has cached for the profile.</summary>
    public sealed class OlaresSystemInfo
    {
        /// <summary>The olaresId the server reports (null with -Cached).</summary>
        public string? OlaresId { get; set; }

        /// <summary>The Olares version: the server's (or, with -Cached, the cached one).</summary>
        public string? OsVersion { get; set; }

        public string? WizardStatus { get; set; }

        public bool? EnableReverseProxy { get; set; }

        public bool? TailScaleEnable { get; set; }

        /// <summary>The version of olaresd, the node daemon.</summary>
        public string? Olaresd { get; set; }

        public string? Did { get; set; }

        public string? Id { get; set; }

        public string? Style { get; set; }

        public string? Avatar { get; set; }

        public string? LoginBackground { get; set; }

        /// <summary>The version cached in config.json for the profile (what the market cmdlets use for an hour).</summary>
        public string? CachedVersion { get; set; }

        /// <summary>When <see cref="CachedVersion"/> was read from the server.</summary>
        public DateTimeOffset? VersionCachedAt { get; set; }

        /// <summary>True when the object comes from the cache only (-Cached), without asking the server.</summary>
        public bool FromCache { get; set; }

        /// <summary>The profile (olaresId) asked; -Profile binds to it from the pipeline.</summary>
        public string Profile { get; set; } = string.Empty;
    }
}
