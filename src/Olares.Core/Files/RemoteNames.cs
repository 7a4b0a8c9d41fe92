using System;
using System.IO;
using System.Runtime.InteropServices;
using Olares.Errors;

namespace Olares.Files
{
    /// <summary>
    /// Checks on names the server hands us. A listing is data from the network: a name such as "../x", "a/b" or
    /// "C:\x" must never address another remote item than the listed one, nor a local file outside the folder a
    /// download writes into.
    /// </summary>
    public static class RemoteNames
    {
        /// <summary>True when the name is one path segment on the server: not empty, not "." or "..", no '/' and no NUL.</summary>
        public static bool IsAddressable(string? name) =>
            !string.IsNullOrEmpty(name) && name != "." && name != ".." && name!.IndexOf('/') < 0 && name.IndexOf('\0') < 0;

        /// <summary>
        /// Why <paramref name="name"/> cannot be a local file or folder name, or null when it can. Refused on every OS
        /// (so a download behaves the same everywhere): what <see cref="IsAddressable"/> refuses, '\' and control
        /// characters; on Windows also ':' (drive letters, alternate streams) and the characters Windows forbids.
        /// </summary>
        public static string? LocalNameProblem(string? name)
        {
            if (!IsAddressable(name)) return "it is not a single path segment";
            if (name!.IndexOf('\\') >= 0) return "it contains '\\', a path separator on Windows";
            foreach (var c in name)
            {
                if (c < 0x20) return "it contains a control character";
            }

            if (RuntimeInformation.IsOSPlatform(OSPlatform.Windows))
            {
                if (name.IndexOfAny(new[] { ':', '<', '>', '"', '|', '?', '*' }) >= 0) return "it contains a character Windows does not allow in file names";
                if (name.EndsWith(".", StringComparison.Ordinal) || name.EndsWith(" ", StringComparison.Ordinal)) return "Windows drops a trailing dot or space";
            }

            if (Path.IsPathRooted(name)) return "it is an absolute path";
            return null;
        }

        /// <summary>
        /// <paramref name="root"/> joined with <paramref name="name"/>, after checking the name and that the result
        /// stays inside <paramref name="root"/> (a second line of defence).
        /// </summary>
        public static string SafeLocalChild(string root, string name, string remoteContext)
        {
            var problem = LocalNameProblem(name);
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
    }
}
