#if !NET
using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;

namespace Olares.PowerShell.Infrastructure
{
    /// <summary>
    /// Windows PowerShell 5.1 has no load contexts: an AssemblyResolve handler serves the assemblies of
    /// Dependencies/Desktop, and only to requests coming from this module's assemblies or from those dependencies,
    /// so other modules keep resolving their own versions.
    /// </summary>
    internal sealed class DesktopDependencyResolver
    {
        private readonly string _directory;
        private readonly Dictionary<string, string> _pathsByName = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        private readonly HashSet<string> _ourLocations;

        private DesktopDependencyResolver(string directory, IEnumerable<Assembly> ours)
        {
            _directory = directory.TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar;
            foreach (var file in Directory.GetFiles(directory, "*.dll"))
            {
                _pathsByName[Path.GetFileNameWithoutExtension(file)] = file;
            }

            _ourLocations = new HashSet<string>(ours.Select(a => a.Location), StringComparer.OrdinalIgnoreCase);
        }

        public static DesktopDependencyResolver Register(string directory, IEnumerable<Assembly> ours)
        {
            var resolver = new DesktopDependencyResolver(directory, ours);
            AppDomain.CurrentDomain.AssemblyResolve += resolver.OnAssemblyResolve;
            return resolver;
        }

        private Assembly? OnAssemblyResolve(object? sender, ResolveEventArgs args)
        {
            var name = new AssemblyName(args.Name);
            if (name.Name == null || !_pathsByName.TryGetValue(name.Name, out var path)) return null;
            // The framework does not always name the requester (e.g. binding-redirect probes); only a known stranger is refused.
            var requester = args.RequestingAssembly?.Location;
            if (requester != null && !IsOurs(requester)) return null;
            return Assembly.LoadFrom(path);
        }

        private bool IsOurs(string location) =>
            _ourLocations.Contains(location) || location.StartsWith(_directory, StringComparison.OrdinalIgnoreCase);
    }
}
#endif
