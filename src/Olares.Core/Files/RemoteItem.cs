using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text.Json;

namespace Olares.Files
{
    /// <summary>One entry of a folder listing (protocol §6.2), with its full remote path.</summary>
    public sealed class RemoteItem
    {
        public RemoteItem(RemotePath path, bool isDirectory, long size, DateTimeOffset? modified, uint mode, bool isSymlink, string? type)
        {
            Path = isDirectory ? path.AsDirectory() : path.AsFile();
            IsDirectory = isDirectory;
            Size = size;
            Modified = modified;
            Mode = mode;
            IsSymlink = isSymlink;
            Type = type ?? string.Empty;
        }

        public RemotePath Path { get; }

        public string Name => Path.Name;

        public bool IsDirectory { get; }

        public long Size { get; }

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
                    var name = String(e, "name");
                    if (!RemoteNames.IsAddressable(name))
                    {
                        rejected.Add(name ?? string.Empty);
                        continue;
                    }

                    var isDir = Bool(e, "isDir") || Bool(e, "is_dir");
                    var size = Long(e, "size") ?? Long(e, "fileSize") ?? 0;
                    items.Add(new RemoteItem(folder.Child(name!, isDir), isDir, size, Time(e, "modified"), (uint)(Long(e, "mode") ?? 0),
                        Bool(e, "isSymlink"), String(e, "type")));
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

        private static string? String(JsonElement obj, string name) =>
            obj.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

        private static bool Bool(JsonElement obj, string name)
        {
            if (!obj.TryGetProperty(name, out var v)) return false;
            if (v.ValueKind == JsonValueKind.True) return true;
            return v.ValueKind == JsonValueKind.String && string.Equals(v.GetString(), "true", StringComparison.OrdinalIgnoreCase);
        }

        private static long? Long(JsonElement obj, string name)
        {
            if (!obj.TryGetProperty(name, out var v)) return null;
            switch (v.ValueKind)
            {
                case JsonValueKind.Number:
                    if (v.TryGetInt64(out var l)) return l;
                    return v.TryGetDouble(out var d) ? (long)d : (long?)null;
                case JsonValueKind.String:
                    return long.TryParse(v.GetString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var s) ? s : (long?)null;
                default:
                    return null;
            }
        }

        private static DateTimeOffset? Time(JsonElement obj, string name)
        {
            if (!obj.TryGetProperty(name, out var v)) return null;
            switch (v.ValueKind)
            {
                case JsonValueKind.String:
                    return DateTimeOffset.TryParse(v.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var t) ? t : (DateTimeOffset?)null;
                case JsonValueKind.Number:
                    // Seconds, or milliseconds when the number is too large to be seconds.
                    if (!v.TryGetInt64(out var n) || n <= 0) return null;
                    return n > 100_000_000_000L ? DateTimeOffset.FromUnixTimeMilliseconds(n) : DateTimeOffset.FromUnixTimeSeconds(n);
                default:
                    return null;
            }
        }
    }
}
