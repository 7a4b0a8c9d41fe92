using System;
using System.Runtime.InteropServices;
using System.Security;
using System.Security.Cryptography;
using System.Text;

namespace Olares.Auth
{
    /// <summary>
    /// The password as olares-cli sends it: lowercase hex MD5 of (password + "@Olares2025"), a fixed public
    /// salt. The clear text is only ever held in pinned-free buffers that are zeroed at once.
    /// </summary>
    public static class PasswordHash
    {
        public const string Salt = "@Olares2025";

        public static string Compute(SecureString password)
        {
            if (password == null) throw new ArgumentNullException(nameof(password));
            var ptr = Marshal.SecureStringToGlobalAllocUnicode(password);
            var chars = new char[password.Length];
            byte[]? bytes = null;
            try
            {
                Marshal.Copy(ptr, chars, 0, chars.Length);
                var salt = Encoding.UTF8.GetBytes(Salt);
                var count = Encoding.UTF8.GetByteCount(chars);
                bytes = new byte[count + salt.Length];
                Encoding.UTF8.GetBytes(chars, 0, chars.Length, bytes, 0);
                Buffer.BlockCopy(salt, 0, bytes, count, salt.Length);
                using var md5 = MD5.Create();
                return ToHex(md5.ComputeHash(bytes));
            }
            finally
            {
                Marshal.ZeroFreeGlobalAllocUnicode(ptr);
                Array.Clear(chars, 0, chars.Length);
                if (bytes != null) Array.Clear(bytes, 0, bytes.Length);
            }
        }

        public static bool IsEmpty(SecureString? password) => password == null || password.Length == 0;

        internal static string ToHex(byte[] hash)
        {
            var sb = new StringBuilder(hash.Length * 2);
            foreach (var b in hash) sb.Append(b.ToString("x2", System.Globalization.CultureInfo.InvariantCulture));
            return sb.ToString();
        }
    }
}
