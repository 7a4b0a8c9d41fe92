namespace Olares.PowerShell.Output
{
    /// <summary>Who the server says the profile's identity is (Get-OlaresUser).</summary>
    public sealed class OlaresUser
    {
        public string OlaresId { get; set; } = string.Empty;

        public string Name { get; set; } = string.Empty;

        /// <summary>owner, admin or normal, as the server reports it.</summary>
        public string? OwnerRole { get; set; }

        public string? TerminusName { get; set; }

        /// <summary>The profile (olaresId) asked; -Profile binds to it from the pipeline.</summary>
        public string Profile { get; set; } = string.Empty;
    }
}
