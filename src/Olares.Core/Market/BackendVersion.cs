using System;
using System.Globalization;

namespace Olares.Market
{
    /// <summary>The Olares OS version of a server, reduced to major.minor.patch (pre-release and build ignored).</summary>
    public sealed class BackendVersion : IComparable<BackendVersion>
    {
        public BackendVersion(int major, int minor, int patch, string? text = null)
        {
            Major = major;
            Minor = minor;
            Patch = patch;
            Text = text ?? string.Format(CultureInfo.InvariantCulture, "{0}.{1}.{2}", major, minor, patch);
        }

        public int Major { get; }

        public int Minor { get; }

        public int Patch { get; }

        /// <summary>As the server reported it.</summary>
        public string Text { get; }

        /// <summary>"1.12.6", "v1.12.6", "1.12.6-rc.1", "1.12" ... null when it has no leading number triple.</summary>
        public static BackendVersion? TryParse(string? text)
        {
            if (string.IsNullOrWhiteSpace(text)) return null;
            var t = text!.Trim();
            if (t.StartsWith("v", StringComparison.OrdinalIgnoreCase)) t = t.Substring(1);
            var end = t.IndexOfAny(new[] { '-', '+' });
            var core = end >= 0 ? t.Substring(0, end) : t;
            var parts = core.Split('.');
            if (parts.Length < 2 || parts.Length > 3) return null;
            var numbers = new int[3];
            for (var i = 0; i < parts.Length; i++)
            {
                if (!int.TryParse(parts[i], NumberStyles.None, CultureInfo.InvariantCulture, out numbers[i])) return null;
            }

            return new BackendVersion(numbers[0], numbers[1], numbers[2], text.Trim());
        }

        public int CompareTo(BackendVersion? other)
        {
            if (other == null) return 1;
            if (Major != other.Major) return Major.CompareTo(other.Major);
            if (Minor != other.Minor) return Minor.CompareTo(other.Minor);
            return Patch.CompareTo(other.Patch);
        }

        public override string ToString() => Text;
    }
}
