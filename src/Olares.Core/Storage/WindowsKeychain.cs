using System;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Olares.Errors;
#if NET
using System.Runtime.Versioning;
#endif

namespace Olares.Storage
{
    /// <summary>The HKEY_CURRENT_USER string values the Windows keychain uses. Injectable for tests.</summary>
    public interface IRegistryStore
    {
        /// <summary>The REG_SZ value, or null when the key or the value does not exist.</summary>
        string? GetString(string keyPath, string valueName);

        /// <summary>Creates the key if needed and writes a REG_SZ value.</summary>
        void SetString(string keyPath, string valueName, string value);

        /// <summary>Deletes the value; false when it (or the key) did not exist.</summary>
        bool DeleteValue(string keyPath, string valueName);

        /// <summary>Deletes the key with everything in it; false when it did not exist.</summary>
        bool DeleteKey(string keyPath);
    }

    /// <summary>DPAPI in CurrentUser scope. Injectable for tests.</summary>
    public interface IDataProtector
    {
        byte[] Protect(byte[] plaintext, byte[] entropy);

        /// <exception cref="CryptographicException">The blob cannot be decrypted by this user with this entropy.</exception>
        byte[] Unprotect(byte[] protectedData, byte[] entropy);
    }

    /// <summary>
    /// olares-cli's Windows keychain (cli/internal/keychain/keychain_windows.go), format-compatible:
    /// <list type="bullet">
    /// <item>key HKCU\Software\OlaresCli\keychain\&lt;service with [^A-Za-z0-9._-] → '_'&gt;;</item>
    /// <item>value name = base64url without padding of the UTF-8 account (alice@olares.com → YWxpY2VAb2xhcmVzLmNvbQ);</item>
    /// <item>REG_SZ data = standard base64 (padded) of the DPAPI blob; DPAPI CurrentUser scope with optional
    /// entropy = UTF-8 of service + "\0" + account (the raw service name), plaintext = the UTF-8 value;</item>
    /// <item>Purge deletes the whole per-service key.</item>
    /// </list>
    /// Undecryptable entries: olares-cli reads a value it cannot base64-decode or DPAPI-decrypt (e.g. after a
    /// Windows profile reset or a copied registry hive) as "not present", so the next login simply overwrites it.
    /// This class does the same by default, because failing there would block Connect-Olares from repairing the
    /// entry; pass <c>surfaceUndecryptable: true</c> to get an OlaresTokenStoreException instead (diagnostics).
    /// </summary>
    public sealed class WindowsKeychain : IKeychain
    {
        public const string RootKeyPath = @"Software\OlaresCli\keychain";

        private readonly IRegistryStore _registry;
        private readonly IDataProtector _protector;

        public WindowsKeychain(IRegistryStore? registry = null, IDataProtector? protector = null, bool surfaceUndecryptable = false)
        {
            _registry = registry ?? CreateRealRegistry();
            _protector = protector ?? CreateRealProtector();
            SurfaceUndecryptable = surfaceUndecryptable;
        }

        public bool SurfaceUndecryptable { get; }

        public string Backend => "registry+dpapi";

        public string Location => @"HKCU\" + RootKeyPath;

        /// <summary>Software\OlaresCli\keychain\&lt;sanitized service&gt; (relative to HKEY_CURRENT_USER).</summary>
        public static string KeyPathFor(string service) => RootKeyPath + @"\" + SanitizeComponent(service);

        /// <summary>[^A-Za-z0-9._-] → '_' (so no '\' can nest keys).</summary>
        public static string SanitizeComponent(string value)
        {
            if (value == null) throw new ArgumentNullException(nameof(value));
            var builder = new StringBuilder(value.Length);
            foreach (var c in value)
            {
                var safe = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
                builder.Append(safe ? c : '_');
            }

            return builder.ToString();
        }

        /// <summary>base64url without padding of the UTF-8 account.</summary>
        public static string ValueNameFor(string account)
        {
            if (account == null) throw new ArgumentNullException(nameof(account));
            return Convert.ToBase64String(Encoding.UTF8.GetBytes(account)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        }

        /// <summary>UTF-8 of service + "\0" + account.</summary>
        public static byte[] EntropyFor(string service, string account) => Encoding.UTF8.GetBytes(service + "\0" + account);

        public string? Get(string service, string account)
        {
            var keyPath = KeyPathFor(service);
            string? encoded;
            try
            {
                encoded = _registry.GetString(keyPath, ValueNameFor(account));
            }
            catch (Exception e) when (IsAccessFailure(e))
            {
                throw Failure("Get", service, account, e.Message, keyPath, write: false, e);
            }

            if (string.IsNullOrEmpty(encoded)) return null;
            byte[] blob;
            try
            {
                blob = Convert.FromBase64String(encoded);
            }
            catch (FormatException e)
            {
                return Undecryptable(service, account, "the registry value is not base64", keyPath, e);
            }

            try
            {
                return Encoding.UTF8.GetString(_protector.Unprotect(blob, EntropyFor(service, account)));
            }
            catch (CryptographicException e)
            {
                return Undecryptable(service, account,
                    "DPAPI cannot decrypt it for this Windows user (profile reset, another user's or machine's data)", keyPath, e);
            }
        }

        public void Set(string service, string account, string value)
        {
            if (value == null) throw new ArgumentNullException(nameof(value));
            var keyPath = KeyPathFor(service);
            byte[] blob;
            try
            {
                blob = _protector.Protect(Encoding.UTF8.GetBytes(value), EntropyFor(service, account));
            }
            catch (CryptographicException e)
            {
                throw Failure("Set", service, account, "dpapi protect failed: " + e.Message, keyPath, write: true, e);
            }

            try
            {
                _registry.SetString(keyPath, ValueNameFor(account), Convert.ToBase64String(blob));
            }
            catch (Exception e) when (IsAccessFailure(e))
            {
                throw Failure("Set", service, account, "registry set failed: " + e.Message, keyPath, write: true, e);
            }
        }

        public bool Delete(string service, string account)
        {
            var keyPath = KeyPathFor(service);
            try
            {
                return _registry.DeleteValue(keyPath, ValueNameFor(account));
            }
            catch (Exception e) when (IsAccessFailure(e))
            {
                throw Failure("Remove", service, account, e.Message, keyPath, write: true, e);
            }
        }

        public void Purge(string service)
        {
            var keyPath = KeyPathFor(service);
            try
            {
                _registry.DeleteKey(keyPath);
            }
            catch (Exception e) when (IsAccessFailure(e))
            {
                throw Failure("Purge", service, "*", e.Message, keyPath, write: true, e);
            }
        }

        private static IRegistryStore CreateRealRegistry()
        {
#if NET
            if (OperatingSystem.IsWindows()) return new CurrentUserRegistryStore();
            throw new PlatformNotSupportedException("The registry+DPAPI keychain exists only on Windows.");
#else
            CurrentUserRegistryStore.EnsureWindows();
            return new CurrentUserRegistryStore();
#endif
        }

        private static IDataProtector CreateRealProtector()
        {
#if NET
            if (OperatingSystem.IsWindows()) return new DpapiDataProtector();
            throw new PlatformNotSupportedException("The registry+DPAPI keychain exists only on Windows.");
#else
            CurrentUserRegistryStore.EnsureWindows();
            return new DpapiDataProtector();
#endif
        }

        private string? Undecryptable(string service, string account, string cause, string keyPath, Exception inner)
        {
            if (!SurfaceUndecryptable) return null;
            throw Failure("Get", service, account, cause + "; log in again to replace it", keyPath, write: false, inner);
        }

        private static bool IsAccessFailure(Exception e) =>
            e is System.IO.IOException || e is UnauthorizedAccessException || e is System.Security.SecurityException;

        private static OlaresTokenStoreException Failure(string op, string service, string account, string cause, string keyPath, bool write, Exception? inner) =>
            new OlaresTokenStoreException(
                string.Format(CultureInfo.InvariantCulture, "keychain {0} failed for {1}/{2}: {3}", op, service, account, cause),
                @"HKCU\" + keyPath, write, inner);
    }

    /// <summary>The real HKEY_CURRENT_USER access (Windows only).</summary>
#if NET
    [SupportedOSPlatform("windows")]
#endif
    public sealed class CurrentUserRegistryStore : IRegistryStore
    {
        public string? GetString(string keyPath, string valueName)
        {
            EnsureWindows();
            using (var key = Microsoft.Win32.Registry.CurrentUser.OpenSubKey(keyPath, writable: false))
            {
                return key?.GetValue(valueName, null, Microsoft.Win32.RegistryValueOptions.DoNotExpandEnvironmentNames) as string;
            }
        }

        public void SetString(string keyPath, string valueName, string value)
        {
            EnsureWindows();
            using (var key = Microsoft.Win32.Registry.CurrentUser.CreateSubKey(keyPath))
            {
                if (key == null) throw new System.IO.IOException(@"Cannot create HKCU\" + keyPath + ".");
                key.SetValue(valueName, value, Microsoft.Win32.RegistryValueKind.String);
            }
        }

        public bool DeleteValue(string keyPath, string valueName)
        {
            EnsureWindows();
            using (var key = Microsoft.Win32.Registry.CurrentUser.OpenSubKey(keyPath, writable: true))
            {
                if (key == null || key.GetValue(valueName) == null) return false;
                key.DeleteValue(valueName, throwOnMissingValue: false);
                return true;
            }
        }

        public bool DeleteKey(string keyPath)
        {
            EnsureWindows();
            using (var key = Microsoft.Win32.Registry.CurrentUser.OpenSubKey(keyPath, writable: false))
            {
                if (key == null) return false;
            }

            Microsoft.Win32.Registry.CurrentUser.DeleteSubKeyTree(keyPath, throwOnMissingSubKey: false);
            return true;
        }

        internal static void EnsureWindows()
        {
            if (!System.Runtime.InteropServices.RuntimeInformation.IsOSPlatform(System.Runtime.InteropServices.OSPlatform.Windows))
            {
                throw new PlatformNotSupportedException("The registry+DPAPI keychain exists only on Windows.");
            }
        }
    }

    /// <summary>The real DPAPI (CryptProtectData, CurrentUser scope, no UI), Windows only.</summary>
#if NET
    [SupportedOSPlatform("windows")]
#endif
    public sealed class DpapiDataProtector : IDataProtector
    {
        public byte[] Protect(byte[] plaintext, byte[] entropy)
        {
            CurrentUserRegistryStore.EnsureWindows();
            return Olares.Dpapi.CurrentUserDpapi.Protect(plaintext, entropy);
        }

        public byte[] Unprotect(byte[] protectedData, byte[] entropy)
        {
            CurrentUserRegistryStore.EnsureWindows();
            return Olares.Dpapi.CurrentUserDpapi.Unprotect(protectedData, entropy);
        }
    }
}
