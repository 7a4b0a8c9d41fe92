using System.IO;
using System.Management.Automation;
using System.Reflection;
using Olares.PowerShell.Infrastructure;

namespace Olares.PowerShell
{
    /// <summary>
    /// Serves the module's third-party dependencies (Dependencies/&lt;edition&gt;) to this module only: on PowerShell 7
    /// through a private AssemblyLoadContext (<see cref="DependencyLoadContext"/>), on Windows PowerShell 5.1 through
    /// an AssemblyResolve handler that answers only requests from this module's assemblies
    /// (<see cref="DesktopDependencyResolver"/>). Olares.Core and Olares.PowerShell themselves stay in the default
    /// context, so scripts can name their types (catch [Olares.Errors.OlaresTokenInvalidatedException]).
    /// </summary>
    public sealed class ModuleInitializer : IModuleAssemblyInitializer, IModuleAssemblyCleanup
    {
        private static readonly object Sync = new object();
        private static bool _registered;

        public void OnImport()
        {
            lock (Sync)
            {
                if (_registered) return;
                var bin = Path.GetDirectoryName(typeof(ModuleInitializer).Assembly.Location)!;
                var dependencies = Path.GetFullPath(Path.Combine(bin, "..", "..", "Dependencies", Path.GetFileName(bin)));
                // Olares.psm1 refuses a layout without this folder; imported some other way, a missing dependency is
                // reported by the runtime when first needed.
                if (!Directory.Exists(dependencies)) return;
                var ours = new[] { typeof(ModuleInitializer).Assembly, typeof(Olares.Errors.OlaresException).Assembly };
#if NET
                DependencyLoadContext.Register(dependencies, ours);
#else
                DesktopDependencyResolver.Register(dependencies, ours);
#endif
                _registered = true;
            }
        }

        public void OnRemove(PSModuleInfo psModuleInfo)
        {
            // Assemblies cannot be unloaded from the default context: keep serving them, so a re-import works.
        }
    }
}
