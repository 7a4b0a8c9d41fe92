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
        {
            _getVariable = getVariable ?? throw new ArgumentNullException(nameof(getVariable));
            HomeDirectory = homeDirectory;
            Os = os;
            TempPath = tempPath;
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

        public bool IsWindows => Os == OsKind.Windows;

        public string? GetVariable(string name)
        {
            var value = _getVariable(name);
            return string.IsNullOrEmpty(value) ? null : value;
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
    }
}
