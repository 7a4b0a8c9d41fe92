using System.Text;

namespace Olares.Files
{
    /// <summary>
    /// The two encodings the files service expects (protocol §6.1, §10.1): JavaScript's encodeURIComponent for
    /// path segments and the upload-link query, and form encoding (space as '+') for the uploaded-bytes query.
    /// Written out explicitly because Uri.EscapeDataString's treatment of !*'() differs between runtimes.
    /// </summary>
    public static class UriEncoding
    {
        private const string Hex = "0123456789ABCDEF";

        /// <summary>encodeURIComponent: keeps A–Z a–z 0–9 - _ . ~ ! * ' ( ), percent-encodes every other UTF-8 byte (upper-case hex).</summary>
        public static string EncodeUriComponent(string value) => Encode(value, IsJsUnreserved, spaceAsPlus: false);

        /// <summary>Each '/'-separated segment through <see cref="EncodeUriComponent"/>; empty segments (leading/trailing '/') are kept.</summary>
        public static string EncodePath(string path)
        {
            var parts = path.Split('/');
            for (var i = 0; i < parts.Length; i++) parts[i] = EncodeUriComponent(parts[i]);
            return string.Join("/", parts);
        }

        /// <summary>Form encoding as Go's url.Values does it: keeps A–Z a–z 0–9 - _ . ~, space becomes '+', the rest %XX.</summary>
        public static string FormEncode(string value) => Encode(value, IsFormUnreserved, spaceAsPlus: true);

        private static bool IsJsUnreserved(byte b) =>
            IsFormUnreserved(b) || b == '!' || b == '*' || b == '\'' || b == '(' || b == ')';

        private static bool IsFormUnreserved(byte b) =>
            (b >= 'A' && b <= 'Z') || (b >= 'a' && b <= 'z') || (b >= '0' && b <= '9') || b == '-' || b == '_' || b == '.' || b == '~';

        private static string Encode(string value, System.Func<byte, bool> keep, bool spaceAsPlus)
        {
            if (string.IsNullOrEmpty(value)) return string.Empty;
            var bytes = Encoding.UTF8.GetBytes(value);
            var sb = new StringBuilder(bytes.Length * 2);
            foreach (var b in bytes)
            {
                if (keep(b))
                {
                    sb.Append((char)b);
                }
                else if (spaceAsPlus && b == ' ')
                {
                    sb.Append('+');
                }
                else
                {
                    sb.Append('%').Append(Hex[b >> 4]).Append(Hex[b & 0xF]);
                }
            }

            return sb.ToString();
        }
    }
}
