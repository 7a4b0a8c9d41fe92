using System;
using System.Collections.Concurrent;
using System.IO;

namespace Olares.Profiles
{
    /// <summary>
    /// The current profile of this process (a PowerShell session and all its runspaces), per config dir: read from
    /// config.json once and then kept, so that another process switching profiles (Use-OlaresProfile, olares-cli's
    /// "profile use", a login in a runbook) changes what new sessions use, never the account of one already running.
    /// The value is the profile's olaresId (stable across renames).
    /// </summary>
    public static class SessionProfiles
    {
        private static readonly ConcurrentDictionary<string, string> Pinned = new ConcurrentDictionary<string, string>(StringComparer.Ordinal);

        /// <summary>The olaresId this session works with in <paramref name="home"/>, or null when none was chosen yet.</summary>
        public static string? Get(string home) => Pinned.TryGetValue(Key(home), out var id) ? id : null;

        /// <summary>Makes <paramref name="olaresId"/> this session's current profile.</summary>
        public static void Set(string home, string olaresId) => Pinned[Key(home)] = olaresId;

        /// <summary>Keeps the first choice: pins <paramref name="olaresId"/> unless the session already has one.</summary>
        public static string Adopt(string home, string olaresId) => Pinned.GetOrAdd(Key(home), olaresId);

        /// <summary>Forgets the choice: the next command reads config.json's current profile again.</summary>
        public static void Clear(string home) => Pinned.TryRemove(Key(home), out _);

        private static string Key(string home) => Path.GetFullPath(home);
    }
}
