using System;
using System.Collections.Generic;
using System.IO;
using System.Runtime.InteropServices;

namespace Olares.Platform
{
    public enum OsKind
    {
        Linux,
        MacOS,
        Windows,
    }

    /// <summary>
    /// The parts of the process environment the module reads (variables, home, OS). Injectable so that the
    /// directory rules and per-OS back-ends can be tested for every OS on any OS.
    /// </summary>
    public sealed class OlaresEnvironment
    {
        private readonly Func<string, string?> _getVariable;

        public OlaresEnvironment(Func<string, string?> getVariable, string? homeDirectory, OsKind os, string tempPath)
            : this(getVariable, homeDirectory, os, tempPath, os == OsKind.Windows ? null : ProcessUserId())
        {
        }

        public OlaresEnvironment(Func<string, string?> getVariable, string? homeDirectory, OsKind os, string tempPath, int? userId)
        {
            _getVariable = getVariable ?? throw new ArgumentNullException(nameof(getVariable));
            HomeDirectory = homeDirectory;
            Os = os;
            TempPath = tempPath;
            UserId = userId;
        }

        public static OlaresEnvironment Current { get; } = new OlaresEnvironment(
            Environment.GetEnvironmentVariable,
            ResolveHome(),
            DetectOs(),
            Path.GetTempPath());

        /// <summary>An environment made of the given variables, for tests.</summary>
        public static OlaresEnvironment FromVariables(IDictionary<string, string> variables, string? home, OsKind os, string tempPath) =>
            new OlaresEnvironment(name => variables.TryGetValue(name, out var v) ? v : null, home, os, tempPath);

        public string? HomeDirectory { get; }

        public OsKind Os { get; }

        public string TempPath { get; }

        /// <summary>
        /// The numeric user id (getuid), which names the per-user cache fallback as olares-cli does; null on Windows,
        /// where Go's os.Getuid() is -1.
        /// </summary>
        public int? UserId { get; }

        public bool IsWindows => Os == OsKind.Windows;

        public string? GetVariable(string name)
        {
            var value = _getVariable(name);
            return string.IsNullOrEmpty(value) ? null : value;
        }

        /// <summary>getuid() of this process on Unix; null on Windows or when libc cannot be called.</summary>
        public static int? ProcessUserId()
        {
            if (RuntimeInformation.IsOSPlatform(OSPlatform.Windows)) return null;
            try
            {
                return unchecked((int)NativeMethods.getuid());
            }
            catch (Exception e) when (e is DllNotFoundException || e is EntryPointNotFoundException)
            {
                return null;
            }
        }

        private static OsKind DetectOs()
        {
            if (RuntimeInformation.IsOSPlatform(OSPlatform.Windows)) return OsKind.Windows;
            if (RuntimeInformation.IsOSPlatform(OSPlatform.OSX)) return OsKind.MacOS;
            return OsKind.Linux;
        }

        private static string? ResolveHome()
        {
            // Go's os.UserHomeDir: $HOME on Unix, %USERPROFILE% on Windows.
            var home = RuntimeInformation.IsOSPlatform(OSPlatform.Windows)
                ? Environment.GetEnvironmentVariable("USERPROFILE")
                : Environment.GetEnvironmentVariable("HOME");
            if (string.IsNullOrEmpty(home))
            {
                home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
            }

            return string.IsNullOrEmpty(home) ? null : home;
        }

        private static class NativeMethods
        {
            [DllImport("libc")]
            public static extern uint getuid();
        }
    }
}
