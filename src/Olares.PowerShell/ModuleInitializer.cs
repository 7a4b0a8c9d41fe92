using System;
using System.Collections.Generic;
using System.IO;
using System.Management.Automation;
using System.Reflection;

namespace Olares.PowerShell
{
    /// <summary>
    /// Serves the module's third-party dependencies (Dependencies/&lt;edition&gt;) to this module only. On PowerShell 7
    /// they load into a private AssemblyLoadContext, so another module's different version of, say,
    /// Microsoft.Extensions.Http cannot break ours or be broken by ours. On Windows PowerShell 5.1 (no load
    /// contexts) a narrowly scoped AssemblyResolve handler answers only for names in that folder.
    /// </summary>
    public sealed class ModuleInitializer : IModuleAssemblyInitializer, IModuleAssemblyCleanup
    {
        private static readonly object Sync = new object();
        private static DependencyResolver? _resolver;

        public void OnImport()
        {
            lock (Sync)
            {
                if (_resolver != null) return;
                var bin = Path.GetDirectoryName(typeof(ModuleInitializer).Assembly.Location)!;
                var edition = Path.GetFileName(bin);
                var dependencies = Path.GetFullPath(Path.Combine(bin, "..", "..", "Dependencies", edition));
                if (!Directory.Exists(dependencies)) return;
                _resolver = new DependencyResolver(dependencies);
                _resolver.Register();
            }
        }

        public void OnRemove(PSModuleInfo psModuleInfo)
        {
            // Assemblies cannot be unloaded from the default context; keep serving them so a re-import works.
        }

        private sealed class DependencyResolver
        {
            private readonly string _directory;
            private readonly Dictionary<string, string> _byName = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            private object? _loadContext;
            private MethodInfo? _loadFromPath;

            public DependencyResolver(string directory)
            {
                _directory = directory;
                foreach (var file in Directory.GetFiles(directory, "*.dll"))
                {
                    _byName[Path.GetFileNameWithoutExtension(file)] = file;
                }
            }

            public void Register()
            {
                // AssemblyLoadContext exists only on .NET (Core); reached by reflection so one source builds for both.
                var alcType = Type.GetType("System.Runtime.Loader.AssemblyLoadContext, System.Runtime.Loader", throwOnError: false)
                    ?? Type.GetType("System.Runtime.Loader.AssemblyLoadContext", throwOnError: false);
                if (alcType != null)
                {
                    var ctor = alcType.GetConstructor(new[] { typeof(string), typeof(bool) });
                    if (ctor != null)
                    {
                        _loadContext = ctor.Invoke(new object[] { "Olares", false });
                        _loadFromPath = alcType.GetMethod("LoadFromAssemblyPath", new[] { typeof(string) });
                        var resolvingEvent = alcType.GetEvent("Resolving");
                        var defaultContext = alcType.GetProperty("Default")!.GetValue(null);
                        var handler = Delegate.CreateDelegate(resolvingEvent!.EventHandlerType!, this,
                            typeof(DependencyResolver).GetMethod(nameof(OnResolving), BindingFlags.Instance | BindingFlags.NonPublic)!);
                        resolvingEvent.AddEventHandler(defaultContext, handler);
                        // Dependencies of dependencies are resolved inside the private context as well.
                        resolvingEvent.AddEventHandler(_loadContext, handler);
                        return;
                    }
                }

                AppDomain.CurrentDomain.AssemblyResolve += OnAssemblyResolve;
            }

            private Assembly? OnResolving(object context, AssemblyName name)
            {
                if (name.Name == null || !_byName.TryGetValue(name.Name, out var path)) return null;
                return (Assembly?)_loadFromPath!.Invoke(_loadContext, new object[] { path });
            }

            private Assembly? OnAssemblyResolve(object? sender, ResolveEventArgs args)
            {
                var name = new AssemblyName(args.Name);
                if (name.Name == null || !_byName.TryGetValue(name.Name, out var path)) return null;
                // Only for requests coming from this module or its own dependencies.
                var requester = args.RequestingAssembly?.Location;
                if (requester != null && !IsOurs(requester)) return null;
                return Assembly.LoadFrom(path);
            }

            private bool IsOurs(string location)
            {
                var dir = Path.GetDirectoryName(location) ?? string.Empty;
                return dir.StartsWith(_directory, StringComparison.OrdinalIgnoreCase) ||
                    string.Equals(Path.GetFileNameWithoutExtension(location), "Olares.Core", StringComparison.OrdinalIgnoreCase) ||
                    string.Equals(Path.GetFileNameWithoutExtension(location), "Olares.PowerShell", StringComparison.OrdinalIgnoreCase);
            }
        }
    }
}
