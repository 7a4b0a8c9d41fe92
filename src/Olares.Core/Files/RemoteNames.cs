namespace Olares.Files
{
    /// <summary>
    /// Checks on names the server hands us. A listing is data from the network: a name such as "../x", "a/b" or
    /// "C:\x" must never address another remote item than the listed one, nor a local file outside the folder a
    /// download writes into (see <see cref="LocalNameRules"/> for local names).
    /// </summary>
    public static class RemoteNames
    {
        /// <summary>True when the name is one path segment on the server: not empty, not "." or "..", no '/' and no NUL.</summary>
        public static bool IsAddressable(string? name) =>
            !string.IsNullOrEmpty(name) && name != "." && name != ".." && name!.IndexOf('/') < 0 && name.IndexOf('\0') < 0;

        /// <summary>Why <paramref name="name"/> cannot be a local name on this machine, or null (<see cref="LocalNameRules.Problem"/>).</summary>
        public static string? LocalNameProblem(string? name) => LocalNameRules.Current.Problem(name);

        /// <summary><paramref name="root"/> joined with a checked <paramref name="name"/> on this machine (<see cref="LocalNameRules.SafeChild"/>).</summary>
        public static string SafeLocalChild(string root, string name, string remoteContext) => LocalNameRules.Current.SafeChild(root, name, remoteContext);
    }
}
