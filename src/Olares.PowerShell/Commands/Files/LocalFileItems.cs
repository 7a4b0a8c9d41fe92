using System;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Reflection;

namespace Olares.PowerShell.Commands.Files
{
    /// <summary>
    /// The FileInfo objects Get-OlaresFile writes, shaped as the FileSystem provider shapes them (PSPath,
    /// PSParentPath, PSChildName, PSDrive, PSProvider, PSIsContainer, and on Unix the UnixStat its format view
    /// reads), without going through the provider for each file: a provider Get-Item costs about half a
    /// millisecond of the pipeline thread per file, which for many small files was most of the download's time.
    /// When the shape cannot be built (another PowerShell, a path outside every drive) the provider answers.
    /// </summary>
    internal sealed class LocalFileItems
    {
        private static readonly Func<string, object>? UnixStat = FindUnixStat();

        private readonly PSCmdlet _cmdlet;
        private readonly ProviderInfo? _provider;
        private readonly PSDriveInfo[] _drives;
        private readonly string _prefix;

        public LocalFileItems(PSCmdlet cmdlet)
        {
            _cmdlet = cmdlet;
            try
            {
                _provider = cmdlet.SessionState.Provider.GetOne("FileSystem");
                _drives = cmdlet.SessionState.Drive.GetAllForProvider("FileSystem").ToArray();
            }
            catch (Exception e) when (e is ProviderNotFoundException || e is InvalidOperationException)
            {
                _provider = null;
                _drives = new PSDriveInfo[0];
            }

            // "Microsoft.PowerShell.Core\FileSystem::": the provider's full name, as in the PSPath of Get-Item.
            _prefix = _provider == null ? string.Empty : _provider + "::";
        }

        /// <summary>The downloaded file at <paramref name="path"/> (absolute) as the pipeline should see it.</summary>
        public object Get(string path)
        {
            var drive = DriveOf(path);
            if (_provider == null || drive == null || (UnixStat == null && !IsWindows)) return FromProvider(path);
            var info = new FileInfo(path);
            var item = new PSObject(info);
            item.Properties.Add(new PSNoteProperty("PSPath", _prefix + path));
            item.Properties.Add(new PSNoteProperty("PSParentPath", _prefix + info.DirectoryName));
            item.Properties.Add(new PSNoteProperty("PSChildName", info.Name));
            if (UnixStat != null)
            {
                try
                {
                    item.Properties.Add(new PSNoteProperty("UnixStat", UnixStat(path)));
                }
                catch (Exception)
                {
                    return FromProvider(path);
                }
            }

            item.Properties.Add(new PSNoteProperty("PSDrive", drive));
            item.Properties.Add(new PSNoteProperty("PSProvider", _provider));
            item.Properties.Add(new PSNoteProperty("PSIsContainer", false));
            return item;
        }

        private object FromProvider(string path) => _cmdlet.SessionState.InvokeProvider.Item.Get(new[] { path }, false, true).First();

        private static bool IsWindows => Path.DirectorySeparatorChar == '\\';

        /// <summary>The drive an absolute path is reached through, as the provider resolves it: the one rooted at the path's root.</summary>
        private PSDriveInfo? DriveOf(string path)
        {
            var root = Path.GetPathRoot(path);
            if (string.IsNullOrEmpty(root)) return null;
            var comparison = IsWindows ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
            foreach (var drive in _drives)
            {
                var driveRoot = drive.Root ?? string.Empty;
                if (string.Equals(driveRoot.TrimEnd('\\', '/'), root!.TrimEnd('\\', '/'), comparison) && (driveRoot.Length > 0 || root.Length > 0)) return drive;
            }

            return null;
        }

        /// <summary>PowerShell's own lstat wrapper on Unix (what the provider stores as UnixStat); null on Windows or when absent.</summary>
        private static Func<string, object>? FindUnixStat()
        {
            if (IsWindows) return null;
            try
            {
                var unix = typeof(PSObject).Assembly.GetType("System.Management.Automation.Platform+Unix");
                var method = unix?.GetMethod("GetLStat", BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic, null, new[] { typeof(string) }, null);
                if (method == null) return null;
                return path => method.Invoke(null, new object[] { path })!;
            }
            catch (Exception)
            {
                return null;
            }
        }
    }
}
