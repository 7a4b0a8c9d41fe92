namespace Olares.Desktop
{
    /// <summary>What the server says about itself (GET {desktop}/api/olares-info, BFL's OlaresInfo).</summary>
    public sealed class OlaresInfo
    {
        public string? OlaresId { get; set; }

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
    }
}
