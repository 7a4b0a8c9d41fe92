using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Text;
using Olares.Errors;

namespace Olares.Storage
{
    /// <summary>
    /// <see cref="ISystemKeychain"/> through /usr/bin/security, stored the way zalando/go-keyring (olares-cli's
    /// library) stores it so that both tools read each other's item: go-keyring writes
    /// "go-keyring-base64:" + base64(password) (sent on stdin to <c>security -i</c>, so the secret is not on a
    /// command line) and on read decodes that prefix and the older "go-keyring-encoded:" (hex) prefix, or takes
    /// the value as is. Every call is bounded by a 5 s timeout ("keychain access blocked"), because an access
    /// prompt nobody answers would otherwise hang.
    /// </summary>
    public sealed class SecurityToolKeychain : ISystemKeychain
    {
        public const string ToolPath = "/usr/bin/security";
        internal const string Base64Prefix = "go-keyring-base64:";
        internal const string HexPrefix = "go-keyring-encoded:";

        // errSecItemNotFound: `security` exits with 44 and prints "... could not be found in the keychain."
        private const int ItemNotFoundExitCode = 44;

        public SecurityToolKeychain(TimeSpan? timeout = null)
        {
            Timeout = timeout ?? TimeSpan.FromSeconds(5);
        }

        public TimeSpan Timeout { get; }

        public string? Find(string service, string account)
        {
            var result = Run(new[] { "find-generic-password", "-s", service, "-a", account, "-w" }, null);
            if (IsNotFound(result)) return null;
            if (result.ExitCode != 0) throw Unavailable("find-generic-password", result);
            return DecodeGoKeyringValue(result.StandardOutput);
        }

        public void Add(string service, string account, string password)
        {
            var command = "add-generic-password -U -s " + Quote(service) + " -a " + Quote(account) + " -w " +
                Quote(EncodeGoKeyringValue(password)) + "\n";
            var result = Run(new[] { "-i" }, command);
            if (result.ExitCode != 0) throw Unavailable("add-generic-password", result);
        }

        public bool Delete(string service, string account)
        {
            var result = Run(new[] { "delete-generic-password", "-s", service, "-a", account }, null);
            if (IsNotFound(result)) return false;
            if (result.ExitCode != 0) throw Unavailable("delete-generic-password", result);
            return true;
        }

        /// <summary>What go-keyring's Get returns for the raw `security -w` output.</summary>
        internal static string DecodeGoKeyringValue(string raw)
        {
            var trimmed = raw.Trim();
            try
            {
                if (trimmed.StartsWith(Base64Prefix, StringComparison.Ordinal))
                {
                    return Encoding.UTF8.GetString(Convert.FromBase64String(trimmed.Substring(Base64Prefix.Length)));
                }

                if (trimmed.StartsWith(HexPrefix, StringComparison.Ordinal))
                {
                    return Encoding.UTF8.GetString(FromHex(trimmed.Substring(HexPrefix.Length)));
                }
            }
            catch (FormatException)
            {
                // Not decodable: hand the raw text on; the caller reports it as corrupted.
            }

            return trimmed;
        }

        /// <summary>What go-keyring's Set stores.</summary>
        internal static string EncodeGoKeyringValue(string password) =>
            Base64Prefix + Convert.ToBase64String(Encoding.UTF8.GetBytes(password));

        /// <summary>Single-quotes an argument for `security -i`'s command line (as go-keyring's shellescape does).</summary>
        internal static string Quote(string value)
        {
            if (value.IndexOf('\n') >= 0 || value.IndexOf('\r') >= 0 || value.IndexOf('\0') >= 0)
            {
                throw new ArgumentException("Keychain fields cannot contain line breaks or NUL.", nameof(value));
            }

            return "'" + value.Replace("'", "'\"'\"'") + "'";
        }

        private static byte[] FromHex(string hex)
        {
            if (hex.Length % 2 != 0) throw new FormatException("Odd-length hex.");
            var bytes = new byte[hex.Length / 2];
            for (var i = 0; i < bytes.Length; i++)
            {
                bytes[i] = byte.Parse(hex.Substring(i * 2, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            }

            return bytes;
        }

        private static bool IsNotFound(ToolResult result) =>
            result.ExitCode == ItemNotFoundExitCode ||
            (result.ExitCode != 0 && (result.StandardError + result.StandardOutput).IndexOf("could not be found", StringComparison.OrdinalIgnoreCase) >= 0);

        private static SystemKeychainUnavailableException Unavailable(string what, ToolResult result)
        {
            var detail = result.StandardError.Trim();
            if (detail.Length == 0) detail = "exit code " + result.ExitCode.ToString(CultureInfo.InvariantCulture);
            return new SystemKeychainUnavailableException("security " + what + " failed: " + detail);
        }

        private ToolResult Run(string[] arguments, string? standardInput)
        {
            var start = new ProcessStartInfo(ToolPath)
            {
                UseShellExecute = false,
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                CreateNoWindow = true,
            };
#if NET
            foreach (var argument in arguments) start.ArgumentList.Add(argument);
#else
            start.Arguments = string.Join(" ", Array.ConvertAll(arguments, a => "\"" + a.Replace("\"", "\\\"") + "\""));
#endif
            Process process;
            try
            {
                process = Process.Start(start) ?? throw new SystemKeychainUnavailableException("Cannot start " + ToolPath + ".");
            }
            catch (Exception e) when (e is System.ComponentModel.Win32Exception || e is IOException || e is InvalidOperationException)
            {
                throw new SystemKeychainUnavailableException("Cannot start " + ToolPath + ": " + e.Message, e);
            }

            using (process)
            {
                var output = process.StandardOutput.ReadToEndAsync();
                var error = process.StandardError.ReadToEndAsync();
                try
                {
                    if (standardInput != null) process.StandardInput.Write(standardInput);
                    process.StandardInput.Close();
                }
                catch (IOException)
                {
                    // The tool exited early; its exit code tells why.
                }

                if (!process.WaitForExit((int)Timeout.TotalMilliseconds))
                {
                    try
                    {
                        process.Kill();
                    }
                    catch (InvalidOperationException)
                    {
                    }

                    throw new SystemKeychainUnavailableException(string.Format(CultureInfo.InvariantCulture,
                        "no answer from the macOS Keychain within {0:0.#} s (locked, or an access prompt nobody answered)",
                        Timeout.TotalSeconds));
                }

                process.WaitForExit();
                return new ToolResult(process.ExitCode, output.GetAwaiter().GetResult(), error.GetAwaiter().GetResult());
            }
        }

        private sealed class ToolResult
        {
            public ToolResult(int exitCode, string standardOutput, string standardError)
            {
                ExitCode = exitCode;
                StandardOutput = standardOutput;
                StandardError = standardError;
            }

            public int ExitCode { get; }

            public string StandardOutput { get; }

            public string StandardError { get; }
        }
    }
}
