using System;

namespace Olares.PowerShell.Output
{
    /// <summary>A category of the market catalog with its apps (Get-OlaresAppCategory).</summary>
    public sealed class OlaresAppCategory
    {
        public string Name { get; set; } = string.Empty;

        /// <summary>Catalog entries in the category, counted as olares-cli's "market categories" counts (an app offered by two sources counts twice).</summary>
        public int Count { get; set; }

        /// <summary>The names of the apps in the category.</summary>
        public string[] Apps { get; set; } = Array.Empty<string>();

        /// <summary>The sources that offer apps in the category.</summary>
        public string[] Sources { get; set; } = Array.Empty<string>();

        /// <summary>The profile (olaresId) asked; -Profile binds to it from the pipeline.</summary>
        public string Profile { get; set; } = string.Empty;
    }
}
