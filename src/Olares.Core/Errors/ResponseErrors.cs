using System;
using System.Globalization;

namespace Olares.Errors
{
    /// <summary>
    /// An answer was larger than the module reads into memory (counted after decompression, so a small gzip body
    /// that inflates to gigabytes stops here). Raised before the host runs out of memory.
    /// </summary>
    public sealed class OlaresResponseTooLargeException : OlaresException
    {
        public OlaresResponseTooLargeException(string url, long limitBytes)
            : base("OlaresResponseTooLarge", OlaresErrorKind.InvalidData,
                string.Format(CultureInfo.InvariantCulture, "The answer of {0} is larger than {1} (after decompression), more than this command ever needs; it was not read further.",
                    url, Size(limitBytes)))
        {
            Url = url;
            LimitBytes = limitBytes;
            Target = url;
            RecommendedAction = "Check that the profile's URLs point at your Olares server (Get-OlaresProfile); a server that sends this much is misbehaving.";
        }

        /// <summary>The URL without its query.</summary>
        public string Url { get; }

        public long LimitBytes { get; }

        private static string Size(long bytes) =>
            bytes >= 1 << 20 && bytes % (1 << 20) == 0
                ? (bytes >> 20).ToString(CultureInfo.InvariantCulture) + " MiB"
                : bytes.ToString(CultureInfo.InvariantCulture) + " bytes";
    }
}
