using System;
using System.Collections.Generic;
using System.IO;
using System.Runtime.InteropServices;
using System.Text;
using Olares.Errors;

namespace Olares.Files
{
    /// <summary>
    /// What a local file system accepts as a name, and which names it takes for the same file. A listing is data
    /// from the network: a name must not escape the download folder, must not open a Windows device (CON, NUL,
    /// COM1.txt, LPT¹...), and two remote names must not land on one local file. The rules of this machine are
    /// <see cref="Current"/>; tests use <see cref="Windows"/> or fixed comparisons on any OS (the seam).
    /// </summary>
    public sealed class LocalNameRules
    {
        private static readonly HashSet<string> DeviceNames = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
        {
            "CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$",
            "COM0", "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8", "COM9", "COM\u00B9", "COM\u00B2", "COM\u00B3",
            "LPT0", "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9", "LPT\u00B9", "LPT\u00B2", "LPT\u00B3",
        };

        private static readonly char[] WindowsForbidden = { ':', '<', '>', '"', '|', '?', '*' };

        private bool? _caseInsensitive;
        private bool? _normalizationInsensitive;

        /// <param name="windowsNames">Refuse what Windows cannot name a file: device names, ':', '&lt;', '&gt;', '"', '|', '?', '*', a trailing dot or space.</param>
        /// <param name="caseInsensitive">The volume takes "A" and "a" for one file; null: find out on the volume when it matters.</param>
        /// <param name="normalizationInsensitive">The volume takes NFC and NFD spellings for one file; null: find out when it matters.</param>
        public LocalNameRules(bool windowsNames, bool? caseInsensitive, bool? normalizationInsensitive)
        {
            WindowsNames = windowsNames;
            _caseInsensitive = caseInsensitive;
            _normalizationInsensitive = normalizationInsensitive;
        }

        /// <summary>This machine: Windows names on Windows; how names compare is probed on the destination volume.</summary>
        public static LocalNameRules Current => new LocalNameRules(RuntimeInformation.IsOSPlatform(OSPlatform.Windows), null, null);

        /// <summary>Windows with its usual case-insensitive volumes (testable on any OS).</summary>
        public static LocalNameRules Windows => new LocalNameRules(true, true, false);

        public bool WindowsNames { get; }

        /// <summary>
        /// Why <paramref name="name"/> cannot be a local file or folder name, or null when it can. Refused on every OS
        /// (so a download behaves the same everywhere): what <see cref="RemoteNames.IsAddressable"/> refuses, '\' and
        /// control characters; with <see cref="WindowsNames"/> also the characters and device names Windows reserves.
        /// </summary>
        public string? Problem(string? name)
        {
            if (!RemoteNames.IsAddressable(name)) return "it is not a single path segment";
            if (name!.IndexOf('\\') >= 0) return "it contains '\\', a path separator on Windows";
            foreach (var c in name)
            {
                if (c < 0x20) return "it contains a control character";
            }

            if (WindowsNames)
            {
                if (name.IndexOfAny(WindowsForbidden) >= 0) return "it contains a character Windows does not allow in file names";
                if (name.EndsWith(".", StringComparison.Ordinal) || name.EndsWith(" ", StringComparison.Ordinal)) return "Windows drops a trailing dot or space";
                if (IsDeviceName(name)) return "it is a Windows device name (" + DeviceStem(name) + "), which opens the device instead of a file";
            }

            if (Path.IsPathRooted(name)) return "it is an absolute path";
            return null;
        }

        /// <summary>CON, nul.txt, COM1.tar.gz, "LPT¹ .x": the part before the first dot, without trailing spaces, is a device.</summary>
        public static bool IsDeviceName(string name) => DeviceNames.Contains(DeviceStem(name));

        private static string DeviceStem(string name)
        {
            var dot = name.IndexOf('.');
            return (dot < 0 ? name : name.Substring(0, dot)).TrimEnd(' ');
        }

        /// <summary>
        /// <paramref name="root"/> joined with <paramref name="name"/>, after checking the name and that the result
        /// stays inside <paramref name="root"/> (a second line of defence).
        /// </summary>
        public string SafeChild(string root, string name, string remoteContext)
        {
            var problem = Problem(name);
            if (problem != null) throw new OlaresUnsafeRemoteNameException(name, remoteContext, problem);
            var full = Path.GetFullPath(Path.Combine(root, name));
            var rootFull = Path.GetFullPath(root).TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar) + Path.DirectorySeparatorChar;
            var comparison = RuntimeInformation.IsOSPlatform(OSPlatform.Linux) ? StringComparison.Ordinal : StringComparison.OrdinalIgnoreCase;
            if (!full.StartsWith(rootFull, comparison))
            {
                throw new OlaresUnsafeRemoteNameException(name, remoteContext, "it would be written outside " + root);
            }

            return full;
        }

        /// <summary>The loosest key two names could share on any volume: same letters ignoring case and Unicode normalization.</summary>
        public static string LooseKey(string name) => name.Normalize(NormalizationForm.FormC).ToUpperInvariant();

        /// <summary>
        /// The key of a local path as the volume under <paramref name="near"/> compares names: two paths with one key
        /// are one file there. The volume is probed once, when first needed.
        /// </summary>
        public string Key(string path, string near)
        {
            var key = path;
            if (NormalizationInsensitive(near)) key = key.Normalize(NormalizationForm.FormC);
            if (CaseInsensitive(near)) key = key.ToUpperInvariant();
            return key;
        }

        private bool CaseInsensitive(string near)
        {
            if (_caseInsensitive == null) Probe(near);
            return _caseInsensitive!.Value;
        }

        private bool NormalizationInsensitive(string near)
        {
            if (_normalizationInsensitive == null) Probe(near);
            return _normalizationInsensitive!.Value;
        }

        /// <summary>
        /// Creates one scratch file in the nearest existing folder of <paramref name="near"/> and looks it up under
        /// another case and another normalization. A volume that cannot be probed counts as insensitive (the
        /// cautious answer: colliding names are refused rather than mixed).
        /// </summary>
        private void Probe(string near)
        {
            var folder = Path.GetFullPath(near);
            while (!Directory.Exists(folder))
            {
                var parent = Path.GetDirectoryName(folder);
                if (string.IsNullOrEmpty(parent) || parent == folder) break;
                folder = parent;
            }

            var stem = ".olares-probe-" + Guid.NewGuid().ToString("N") + "-a\u00E9";
            var probe = Path.Combine(folder, stem);
            try
            {
                using (new FileStream(probe, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.DeleteOnClose))
                {
                    _caseInsensitive ??= File.Exists(Path.Combine(folder, stem.Substring(0, stem.Length - 2) + "A\u00E9"));
                    _normalizationInsensitive ??= File.Exists(Path.Combine(folder, stem.Substring(0, stem.Length - 1) + "e\u0301"));
                }
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                OlaresLog.Debug("Could not probe how " + folder + " compares file names (" + e.Message + "); treating names that differ only by case or normalization as one.");
                _caseInsensitive ??= true;
                _normalizationInsensitive ??= true;
            }
        }
    }
}
