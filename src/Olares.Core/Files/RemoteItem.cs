using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text.Json;
using Olares.Http;

namespace Olares.Files
{
    /// <summary>One entry of a folder listing (protocol §6.2), with its full remote path.</summary>
    public sealed class RemoteItem
    {
        public RemoteItem(RemotePath path, bool isDirectory, long size, DateTimeOffset? modified, uint mode, bool isSymlink, string? type, bool sizeKnown = true)
        {
            Path = isDirectory ? path.AsDirectory() : path.AsFile();
            IsDirectory = isDirectory;
            Size = Math.Max(0, size);
            SizeKnown = sizeKnown && size >= 0;
            Modified = modified;
            Mode = mode;
            IsSymlink = isSymlink;
            Type = type ?? string.Empty;
        }

        public RemotePath Path { get; }

        public string Name => Path.Name;

        public bool IsDirectory { get; }

        /// <summary>Bytes as listed; 0 when the server did not say or said something no file has (see <see cref="SizeKnown"/>).</summary>
        public long Size { get; }

        /// <summary>False when the listing had no usable size (none, negative, fractional or beyond a long).</summary>
        public bool SizeKnown { get; }

        /// <summary>Null when unknown, also for times no file has (Go's zero time, before 1601).</summary>
        public DateTimeOffset? Modified { get; }

        /// <summary>Go os.FileMode bits as the server sends them (0 when unknown).</summary>
        public uint Mode { get; }

        public bool IsSymlink { get; }

        /// <summary>The server's content type guess: "", blob, video, audio, image, pdf, text, textImmutable, invalid_link.</summary>
        public string Type { get; }

        /// <summary>A synthetic entry for a folder that cannot be listed from its parent (an extend root).</summary>
        public static RemoteItem Directory(RemotePath path) => new RemoteItem(path, true, 0, null, 0, false, null);

        /// <summary>"drwxr-xr-x"-style rendering of <see cref="Mode"/>; the type letter comes from the listing.</summary>
        public string ModeString()
        {
            const string letters = "rwxrwxrwx";
            var chars = new char[10];
            chars[0] = IsDirectory ? 'd' : IsSymlink ? 'l' : '-';
            for (var i = 0; i < 9; i++)
            {
                chars[i + 1] = Mode == 0 ? '-' : ((Mode >> (8 - i)) & 1) == 1 ? letters[i] : '-';
            }

            return new string(chars);
        }
    }

    /// <summary>A folder listing: the usable entries, and the ones refused because their names cannot be addressed.</summary>
    public sealed class RemoteListing
    {
        public RemoteListing(RemotePath folder, IReadOnlyList<RemoteItem> items, IReadOnlyList<string> rejectedNames)
        {
            Folder = folder;
            Items = items;
            RejectedNames = rejectedNames;
        }

        public RemotePath Folder { get; }

        public IReadOnlyList<RemoteItem> Items { get; }

        /// <summary>Names such as "../x" or "a/b" the server listed; never turned into paths.</summary>
        public IReadOnlyList<string> RejectedNames { get; }

        public RemoteItem? Find(string name)
        {
            foreach (var item in Items)
            {
                if (string.Equals(item.Name, name, StringComparison.Ordinal)) return item;
            }

            return null;
        }

        /// <summary>
        /// Parses the listing JSON tolerantly: children in "items" (drive, sync, cache, external) or "data" (cloud
        /// drives); size in "size" or "fileSize"; time and mode as RFC 3339 / number / "" / null.
        /// </summary>
        public static RemoteListing Parse(RemotePath folder, JsonElement root)
        {
            var items = new List<RemoteItem>();
            var rejected = new List<string>();
            if (root.ValueKind == JsonValueKind.Object &&
                (TryArray(root, "items", out var array) || TryArray(root, "data", out array)))
            {
                foreach (var e in array.EnumerateArray())
                {
                    if (e.ValueKind != JsonValueKind.Object) continue;
                    var name = JsonFields.String(e, "name");
                    if (!RemoteNames.IsAddressable(name))
                    {
                        rejected.Add(name ?? string.Empty);
                        continue;
                    }

                    var isDir = JsonFields.Flag(e, "isDir") || JsonFields.Flag(e, "is_dir");
                    var size = JsonFields.Count(e, "size") ?? JsonFields.Count(e, "fileSize");
                    var mode = JsonFields.Count(e, "mode");
                    items.Add(new RemoteItem(folder.Child(name!, isDir), isDir, size ?? 0, Time(e, "modified"), mode >= 0 && mode <= uint.MaxValue ? (uint)mode.Value : 0,
                        JsonFields.Flag(e, "isSymlink"), JsonFields.String(e, "type"), sizeKnown: size.HasValue));
                }
            }

            return new RemoteListing(folder, items, rejected);
        }

        private static bool TryArray(JsonElement obj, string name, out JsonElement array)
        {
            if (obj.TryGetProperty(name, out array) && array.ValueKind == JsonValueKind.Array) return true;
            array = default;
            return false;
        }

        /// <summary>The oldest time a file system keeps (Windows' FILETIME starts in 1601); earlier is "unknown", like Go's zero time 0001-01-01.</summary>
        internal static readonly DateTimeOffset EarliestTime = new DateTimeOffset(1601, 1, 2, 0, 0, 0, TimeSpan.Zero);

        private static DateTimeOffset? Time(JsonElement obj, string name)
        {
            if (!obj.TryGetProperty(name, out var v)) return null;
            DateTimeOffset t;
            switch (v.ValueKind)
            {
                case JsonValueKind.String:
                    if (!DateTimeOffset.TryParse(v.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out t)) return null;
                    break;
                case JsonValueKind.Number:
                    if (!v.TryGetInt64(out var n) || n <= 0) return null;
                    t = FromUnixNumber(n);
                    break;
                default:
                    return null;
            }

            return t < EarliestTime ? (DateTimeOffset?)null : t;
        }

        /// <summary>Unix seconds, or milli-, micro- or nanoseconds when the number is too large to be the unit before.</summary>
        private static DateTimeOffset FromUnixNumber(long n)
        {
            const long maxSeconds = 100_000_000_000L;   // year 5138: beyond, the number counts smaller units
            var ms = n;
            if (n <= maxSeconds) return DateTimeOffset.FromUnixTimeSeconds(n);
            if (ms > maxSeconds * 1000) ms /= 1000;       // microseconds
            if (ms > maxSeconds * 1000) ms /= 1000;       // nanoseconds
            return DateTimeOffset.FromUnixTimeMilliseconds(Math.Min(ms, 253_402_300_799_999L));
        }
    }
}
