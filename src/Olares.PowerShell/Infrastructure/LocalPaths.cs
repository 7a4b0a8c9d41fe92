using System;
using System.Collections.Generic;
using System.IO;
using System.Management.Automation;
using Olares.Errors;

namespace Olares.PowerShell.Infrastructure
{
    /// <summary>
    /// Local paths as PowerShell's own cmdlets take them: -Path is a wildcard pattern resolved against the current
    /// location (a backtick escapes), -LiteralPath is the path as written (a FileInfo's PSPath included). A value
    /// that names nothing is an error: an upload that sends nothing must say so.
    /// </summary>
    internal static class LocalPaths
    {
        /// <summary>
        /// The existing files and folders <paramref name="value"/> names. <paramref name="notFound"/> makes the error
        /// for a value that names nothing: (the value, whether it was a pattern, whether a file has exactly that name).
        /// </summary>
        public static IReadOnlyList<string> Resolve(SessionState state, string value, bool literal, Func<string, bool, bool, OlaresException> notFound)
        {
            if (literal || !WildcardPattern.ContainsWildcardCharacters(value))
            {
                var path = state.Path.GetUnresolvedProviderPathFromPSPath(literal ? value : WildcardPattern.Unescape(value));
                if (!Exists(path)) throw notFound(path, false, false);
                return new[] { path };
            }

            try
            {
                var found = state.Path.GetResolvedProviderPathFromPSPath(value, out _);
                if (found.Count > 0) return found;
            }
            catch (ItemNotFoundException)
            {
                // A folder on the way does not exist: nothing matches.
            }

            throw notFound(value, true, Exists(state.Path.GetUnresolvedProviderPathFromPSPath(value)));
        }

        private static bool Exists(string path) => File.Exists(path) || Directory.Exists(path);
    }
}
