using System.Security.Cryptography;
#if NET
using System.Runtime.Versioning;
#endif

namespace Olares.Dpapi
{
    /// <summary>DPAPI (CryptProtectData) in CurrentUser scope, without UI.</summary>
#if NET
    [SupportedOSPlatform("windows")]
#endif
    public static class CurrentUserDpapi
    {
        public static byte[] Protect(byte[] plaintext, byte[] entropy) =>
            ProtectedData.Protect(plaintext, entropy, DataProtectionScope.CurrentUser);

        /// <exception cref="CryptographicException">The blob cannot be decrypted by this user with this entropy.</exception>
        public static byte[] Unprotect(byte[] protectedData, byte[] entropy) =>
            ProtectedData.Unprotect(protectedData, entropy, DataProtectionScope.CurrentUser);
    }
}
