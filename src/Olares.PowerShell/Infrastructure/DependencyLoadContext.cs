#if NET
using System;
using System.Collections.Generic;
using System.IO;
using System.Reflection;
using System.Runtime.Loader;

namespace Olares.PowerShell.Infrastructure
{
    /// <summary>
    /// The module's private load context on PowerShell 7, in the shape PowerShellEditorServices uses. Every assembly
    /// of Dependencies/Core loads here, and every reference such an assembly makes to another one of that folder is
    /// served from the folder (<see cref="Load"/>), so the module runs with the versions it was built and tested with
    /// even when another module, or PowerShell itself ($PSHOME ships System.Security.Cryptography.ProtectedData),
    /// has a different version in the default context. Nothing of these assemblies crosses into PowerShell's types,
    /// so a second copy beside PowerShell's costs only its memory.
    /// The default context asks this one only for the names Olares.Core and Olares.PowerShell reference directly
    /// (their entry points, such as the Olares.Dpapi bridge), and only when it cannot find them itself.
    /// </summary>
    internal sealed class DependencyLoadContext : AssemblyLoadContext
    {
        private readonly Dictionary<string, string> _pathsByName;
        private readonly HashSet<string> _entryPoints;

        private DependencyLoadContext(Dictionary<string, string> pathsByName, HashSet<string> entryPoints)
            : base("Olares", isCollectible: false)
        {
            _pathsByName = pathsByName;
            _entryPoints = entryPoints;
        }

        /// <summary>Creates the context for <paramref name="directory"/> and lets the default context ask it for our entry points.</summary>
        public static DependencyLoadContext Register(string directory, IEnumerable<Assembly> ours)
        {
            var paths = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (var file in Directory.GetFiles(directory, "*.dll"))
            {
                paths[Path.GetFileNameWithoutExtension(file)] = file;
            }

            var entryPoints = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (var assembly in ours)
            {
                foreach (var reference in assembly.GetReferencedAssemblies())
                {
                    if (reference.Name != null && paths.ContainsKey(reference.Name)) entryPoints.Add(reference.Name);
                }
            }

            var context = new DependencyLoadContext(paths, entryPoints);
            Default.Resolving += context.OnDefaultResolving;
            return context;
        }

        protected override Assembly? Load(AssemblyName assemblyName) =>
            assemblyName.Name != null && _pathsByName.TryGetValue(assemblyName.Name, out var path) ? LoadFromAssemblyPath(path) : null;

        private Assembly? OnDefaultResolving(AssemblyLoadContext context, AssemblyName assemblyName) =>
            assemblyName.Name != null && _entryPoints.Contains(assemblyName.Name) ? LoadFromAssemblyName(assemblyName) : null;
    }
}
#endif
