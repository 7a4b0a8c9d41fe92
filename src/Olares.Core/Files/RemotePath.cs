using System;
using System.Collections.Generic;
using System.Linq;
using Olares.Errors;

namespace Olares.Files
{
    /// <summary>
    /// A front-end path of the files service, <c>&lt;fileType&gt;/&lt;extend&gt;[/&lt;subPath&gt;]</c> (protocol §6.1), e.g.
    /// <c>drive/Home/Documents/a.txt</c>. Immutable; <see cref="SubPath"/> is always rooted ("/" for the extend root)
    /// and never ends in '/', while <see cref="IsDirectoryHint"/> remembers a trailing '/' typed by the user.
    /// </summary>
    public sealed class RemotePath : IEquatable<RemotePath>
    {
        public static readonly IReadOnlyList<string> FileTypes = new[]
        {
            "drive", "cache", "sync", "external", "awss3", "dropbox", "google", "tencent", "share", "internal",
        };

        public static readonly IReadOnlyList<string> DriveExtends = new[] { "Home", "Data", "Common" };

        /// <summary>First-level folders of drive/Home that rm, rename and mv (as source) refuse.</summary>
        public static readonly IReadOnlyList<string> ProtectedHomeFolders = new[]
        {
            "Cache", "Code", "Data", "Documents", "Downloads", "Home", "Huggingface", "Movies", "Music", "Ollama", "Pictures",
        };

        private static readonly string[] ProtectedExternalAi = { "comfyui", "model", "ollama", "output" };

        private RemotePath(string fileType, string extend, string subPath, bool isDirectoryHint)
        {
            FileType = fileType;
            Extend = extend;
            SubPath = subPath;
            IsDirectoryHint = isDirectoryHint || subPath == "/";
        }

        public string FileType { get; }

        public string Extend { get; }

        /// <summary>"/" for the extend root, else "/a/b" (no trailing slash).</summary>
        public string SubPath { get; }

        /// <summary>The user wrote a trailing '/', or this is an extend root: the path names a directory.</summary>
        public bool IsDirectoryHint { get; }

        public bool IsExtendRoot => SubPath == "/";

        /// <summary>The last segment; the extend for an extend root.</summary>
        public string Name => IsExtendRoot ? Extend : SubPath.Substring(SubPath.LastIndexOf('/') + 1);

        /// <summary>Segments of <see cref="SubPath"/> (empty for the root).</summary>
        public IReadOnlyList<string> Segments => IsExtendRoot ? Array.Empty<string>() : SubPath.Substring(1).Split('/');

        public bool IsCloud => FileType == "awss3" || FileType == "google" || FileType == "dropbox" || FileType == "tencent";

        /// <summary>The parent directory; null for an extend root.</summary>
        public RemotePath? Parent
        {
            get
            {
                if (IsExtendRoot) return null;
                var i = SubPath.LastIndexOf('/');
                return new RemotePath(FileType, Extend, i == 0 ? "/" : SubPath.Substring(0, i), true);
            }
        }

        /// <summary>Parses a user-typed path. Spaces around it are trimmed; '.' and '..' segments are collapsed (never above the extend).</summary>
        public static RemotePath Parse(string? text)
        {
            var t = (text ?? string.Empty).Trim();
            if (t.IndexOf('\\') >= 0 && t.IndexOf('/') < 0)
            {
                throw Invalid(text, "remote paths use '/' as the separator, e.g. drive/Home/Documents");
            }

            t = t.TrimStart('/');
            var trailing = t.EndsWith("/", StringComparison.Ordinal);
            var parts = t.Split(new[] { '/' }, 3);
            if (parts.Length < 2 || parts[0].Length == 0 || parts[1].Length == 0)
            {
                throw Invalid(text, "expected <fileType>/<extend>[/<path>], e.g. drive/Home/Documents");
            }

            var fileType = parts[0];
            if (!FileTypes.Contains(fileType, StringComparer.Ordinal))
            {
                throw Invalid(text, "unknown file type \"" + fileType + "\"; expected one of " + string.Join(", ", FileTypes));
            }

            var extend = parts[1];
            if (fileType == "drive" && !DriveExtends.Contains(extend, StringComparer.Ordinal))
            {
                throw Invalid(text, "drive/" + extend + " does not exist; use drive/Home, drive/Data or drive/Common");
            }

            if (extend == "." || extend == "..") throw Invalid(text, "\"" + extend + "\" is not a valid " + fileType + " name");
            if (t.IndexOf('\0') >= 0) throw Invalid(text, "the path contains a NUL character");
            var sub = Clean(parts.Length > 2 ? parts[2] : string.Empty);
            return new RemotePath(fileType, extend, sub, trailing);
        }

        /// <summary>Like <see cref="Parse"/>, and also refuses '.' and '..' segments instead of collapsing them (mkdir, rename).</summary>
        public static RemotePath ParseStrict(string? text)
        {
            var t = (text ?? string.Empty).Trim().Trim('/');
            foreach (var segment in t.Split('/').Skip(2))
            {
                if (segment == "." || segment == "..") throw Invalid(text, "path segment \"" + segment + "\" is a reserved name");
            }

            return Parse(text);
        }

        /// <summary>The child named <paramref name="name"/>; the name must be a single valid segment.</summary>
        public RemotePath Child(string name, bool isDirectory)
        {
            if (!RemoteNames.IsAddressable(name)) throw new OlaresUnsafeRemoteNameException(name, ToString());
            return new RemotePath(FileType, Extend, IsExtendRoot ? "/" + name : SubPath + "/" + name, isDirectory);
        }

        public RemotePath AsDirectory() => IsDirectoryHint ? this : new RemotePath(FileType, Extend, SubPath, true);

        public RemotePath AsFile() => !IsDirectoryHint || IsExtendRoot ? this : new RemotePath(FileType, Extend, SubPath, false);

        /// <summary>True when <paramref name="other"/> is this path or lies below it.</summary>
        public bool Contains(RemotePath other) =>
            other.FileType == FileType && other.Extend == Extend &&
            (IsExtendRoot || other.SubPath == SubPath || other.SubPath.StartsWith(SubPath + "/", StringComparison.Ordinal));

        /// <summary>"drive/Home/a/b" (no trailing slash; the extend root is "drive/Home").</summary>
        public override string ToString() => FileType + "/" + Extend + (IsExtendRoot ? string.Empty : SubPath);

        /// <summary>"/drive/Home/a/b" plus '/' when <paramref name="directory"/>: the unencoded form paste bodies use.</summary>
        public string ToServerPath(bool directory) => "/" + ToString() + (directory ? "/" : string.Empty);

        /// <summary>The percent-encoded server path (JS encodeURIComponent per segment), with '/' when <paramref name="directory"/>.</summary>
        public string ToEncodedPath(bool directory) => UriEncoding.EncodePath(ToServerPath(directory));

        /// <summary>Why rm/rename/mv-as-source must refuse this path, or null when it may be changed.</summary>
        public string? ProtectionReason()
        {
            var segs = Segments;
            if (IsExtendRoot) return ToString() + " is the root of " + FileType + "/" + Extend;
            if (FileType == "drive" && Extend == "Home" && segs.Count == 1 && ProtectedHomeFolders.Contains(segs[0], StringComparer.Ordinal))
            {
                return ToString() + " is one of the standard Home folders";
            }

            if (FileType == "external")
            {
                if (segs.Count == 1) return ToString() + " is a volume root";
                if (segs.Count == 2 && segs[1] == "ai") return ToString() + " is the AI folder of a volume";
                if (segs.Count == 3 && segs[1] == "ai" && ProtectedExternalAi.Contains(segs[2], StringComparer.Ordinal))
                {
                    return ToString() + " is a standard AI folder";
                }
            }

            return null;
        }

        /// <summary>external/&lt;node&gt;/ lists volumes: nothing can be created directly in it.</summary>
        public bool IsReadOnlyVolumeLayer => FileType == "external" && IsExtendRoot;

        public bool Equals(RemotePath? other) =>
            other != null && other.FileType == FileType && other.Extend == Extend && other.SubPath == SubPath;

        public override bool Equals(object? obj) => Equals(obj as RemotePath);

        public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(ToString());

        /// <summary>Go's path.Clean of "/" + rest: collapses empty, '.' and '..' segments; never goes above the root.</summary>
        private static string Clean(string rest)
        {
            var stack = new List<string>();
            foreach (var s in rest.Split('/'))
            {
                if (s.Length == 0 || s == ".") continue;
                if (s == "..")
                {
                    if (stack.Count > 0) stack.RemoveAt(stack.Count - 1);
                    continue;
                }

                stack.Add(s);
            }

            return "/" + string.Join("/", stack);
        }

        private static OlaresArgumentException Invalid(string? text, string reason) =>
            new OlaresArgumentException("OlaresInvalidPath", "\"" + text + "\" is not a valid Olares path: " + reason + ".", text);
    }
}
