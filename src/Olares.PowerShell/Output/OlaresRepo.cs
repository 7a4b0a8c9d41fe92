using System;
using Olares.Files;

namespace Olares.PowerShell.Output
{
    /// <summary>A Sync (Seafile) library (Get-OlaresRepo). Its Path, sync/&lt;Id&gt;, is where the files cmdlets reach its content.</summary>
    public sealed class OlaresRepo
    {
        /// <summary>The repo id: the extend of sync/&lt;id&gt;/... paths; stable across renames.</summary>
        public string Id { get; set; } = string.Empty;

        public string Name { get; set; } = string.Empty;

        /// <summary>Mine, SharedToMe or Shared: the list the repo came from.</summary>
        public SyncRepoKind Type { get; set; }

        /// <summary>rw or r.</summary>
        public string? Permission { get; set; }

        public string? ShareType { get; set; }

        /// <summary>The owner as "name (email)".</summary>
        public string? Owner { get; set; }

        public string? OwnerEmail { get; set; }

        /// <summary>For a shared repo, the other party as "name (email)": who shared it with you, or whom you shared it with.</summary>
        public string? Counterparty { get; set; }

        public long? Size { get; set; }

        public DateTimeOffset? LastModified { get; set; }

        public bool Encrypted { get; set; }

        public string? Status { get; set; }

        /// <summary>sync/&lt;Id&gt;: pipe the repo to Get-OlaresChildItem to list it.</summary>
        public string Path { get; set; } = string.Empty;

        /// <summary>The same remote path under the name FileInfo uses: the files cmdlets' -LiteralPath binds to it from the pipeline.</summary>
        public string FullName => Path;

        /// <summary>The profile (olaresId) asked; -Profile binds to it from the pipeline.</summary>
        public string Profile { get; set; } = string.Empty;

        internal static OlaresRepo From(SyncRepo repo, string profile) => new OlaresRepo
        {
            Id = repo.Id,
            Name = repo.Name,
            Type = repo.Kind,
            Permission = repo.Permission,
            ShareType = repo.ShareType,
            Owner = Person(repo.OwnerName, repo.OwnerEmail),
            OwnerEmail = repo.OwnerEmail,
            Counterparty = Person(repo.UserName, repo.UserEmail),
            Size = repo.Size,
            LastModified = repo.LastModified,
            Encrypted = repo.Encrypted,
            Status = repo.Status,
            Path = "sync/" + repo.Id,
            Profile = profile,
        };

        private static string? Person(string? name, string? email)
        {
            if (!string.IsNullOrEmpty(name) && !string.IsNullOrEmpty(email)) return name + " (" + email + ")";
            return string.IsNullOrEmpty(name) ? email : name;
        }
    }
}
