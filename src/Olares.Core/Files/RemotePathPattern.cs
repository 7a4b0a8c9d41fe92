using System;
using System.Collections.Generic;
using System.Linq;

namespace Olares.Files
{
    /// <summary>
    /// A remote path as -Path takes it: <c>&lt;fileType&gt;/&lt;extend&gt;</c> literally, then segments that may hold
    /// wildcards (<see cref="NamePattern"/>), e.g. <c>drive/Home/Pictures/*.jpg</c> or <c>drive/Home/*/report-202?.pdf</c>.
    /// A path without wildcards is just that path, its backtick escapes removed; -LiteralPath values become
    /// patterns through <see cref="Literal"/>, so no character of theirs is special.
    /// </summary>
    public sealed class RemotePathPattern
    {
        private RemotePathPattern(string text, RemotePath root, IReadOnlyList<NamePattern> segments, bool directoryHint, RemotePath? literal)
        {
            Text = text;
            Root = root;
            Segments = segments;
            IsDirectoryHint = directoryHint;
            LiteralPath = literal;
        }

        /// <summary>The text as the user gave it.</summary>
        public string Text { get; }

        /// <summary>The extend root the pattern starts from, e.g. drive/Home.</summary>
        public RemotePath Root { get; }

        /// <summary>The segments below <see cref="Root"/>, each a name or a pattern ('.' and '..' already collapsed).</summary>
        public IReadOnlyList<NamePattern> Segments { get; }

        /// <summary>The text ended with '/': only folders can match.</summary>
        public bool IsDirectoryHint { get; }

        /// <summary>The path itself when no segment has a wildcard; null for a real pattern.</summary>
        public RemotePath? LiteralPath { get; }

        public bool HasWildcards => LiteralPath == null;

        /// <summary>
        /// Parses a -Path value. Wildcards are allowed after <c>&lt;fileType&gt;/&lt;extend&gt;</c> only; a malformed path
        /// or pattern is <see cref="Olares.Errors.OlaresArgumentException"/> (OlaresInvalidPath). With
        /// <paramref name="strict"/>, '.' and '..' segments are refused instead of collapsed (as <see cref="RemotePath.ParseStrict"/>).
        /// </summary>
        public static RemotePathPattern Parse(string? text, bool strict = false)
        {
            var t = (text ?? string.Empty).Trim();
            if (!NamePattern.ContainsWildcards(t) && t.IndexOf('`') < 0) return Literal(text, strict);

            var parts = t.TrimStart('/').Split('/');
            if (parts.Length >= 2 && (NamePattern.ContainsWildcards(parts[0]) || NamePattern.ContainsWildcards(parts[1])))
            {
                throw new Olares.Errors.OlaresArgumentException("OlaresInvalidPath",
                    "\"" + text + "\" is not a valid Olares path: wildcards are supported after <fileType>/<extend> only (e.g. drive/Home/*.txt).", text)
                {
                    RecommendedAction = "Name the file type and its extend in full (drive/Home, drive/Data, sync/<repo id>, ...); Tab completes them.",
                };
            }

            // Escapes are removed segment by segment only after the split: "a`/b" is two segments, as in PowerShell.
            var unescaped = string.Join("/", parts.Select(NamePattern.Unescape));
            if (!NamePattern.ContainsWildcards(t)) return Literal(unescaped, strict, text);

            var root = RemotePath.Parse(parts.Length >= 2 ? parts[0] + "/" + NamePattern.Unescape(parts[1]) : t);
            var trailing = t.EndsWith("/", StringComparison.Ordinal);
            var segments = new List<NamePattern>();
            foreach (var raw in parts.Skip(2))
            {
                if (raw.Length == 0 || raw == ".") continue;
                if (raw == "..")
                {
                    if (strict) RemotePath.ParseStrict(unescaped);   // throws the reserved-name error
                    if (segments.Count > 0) segments.RemoveAt(segments.Count - 1);
                    continue;
                }

                if (raw.IndexOf('\0') >= 0) RemotePath.Parse(unescaped);   // throws the NUL error
                segments.Add(NamePattern.Parse(raw, text));
            }

            if (segments.All(s => !s.HasWildcards))
            {
                return Literal(root + "/" + string.Join("/", segments.Select(s => s.Literal)) + (trailing ? "/" : string.Empty), strict, text);
            }

            return new RemotePathPattern(text ?? string.Empty, root, segments, trailing, null);
        }

        /// <summary>A -LiteralPath value: the path exactly as written (only '.' and '..' collapse, as everywhere).</summary>
        public static RemotePathPattern Literal(string? text, bool strict = false) => Literal(text, strict, text);

        /// <summary>A pattern that is exactly <paramref name="path"/>.</summary>
        public static RemotePathPattern Of(RemotePath path) =>
            new RemotePathPattern(path.ToString(), RootOf(path), path.Segments.Select(s => NamePattern.Parse(NamePattern.Escape(s))).ToList(), path.IsDirectoryHint, path);

        public override string ToString() => Text;

        /// <summary>The folders the pattern goes through before its last segment (the pattern without it, as folders).</summary>
        internal RemotePathPattern WithoutLastSegment()
        {
            var segments = Segments.Take(Segments.Count - 1).ToList();
            if (segments.All(s => !s.HasWildcards))
            {
                var path = Root;
                foreach (var s in segments) path = path.Child(s.Literal!, true);
                return Of(path.AsDirectory());
            }

            return new RemotePathPattern(Text, Root, segments, true, null);
        }

        private static RemotePathPattern Literal(string? path, bool strict, string? text)
        {
            var literal = strict ? RemotePath.ParseStrict(path) : RemotePath.Parse(path);
            return new RemotePathPattern(text ?? string.Empty, RootOf(literal), literal.Segments.Select(s => NamePattern.Parse(NamePattern.Escape(s))).ToList(),
                literal.IsDirectoryHint, literal);
        }

        private static RemotePath RootOf(RemotePath path) => RemotePath.Parse(path.FileType + "/" + path.Extend);
    }
}
