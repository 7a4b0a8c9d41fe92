using System;
using System.Collections.Generic;
using System.Text;
using Olares.Errors;

namespace Olares.Files
{
    /// <summary>
    /// One name with PowerShell's wildcard syntax (<c>*</c>, <c>?</c>, <c>[abc]</c>, <c>[a-z]</c>, and the backtick that
    /// makes the next character literal), matched case-sensitively, as the server's file system compares names.
    /// Core cannot use System.Management.Automation's WildcardPattern; this is the same grammar, written small.
    /// </summary>
    public sealed class NamePattern
    {
        private readonly Token[] _tokens;

        private NamePattern(string text, Token[] tokens, string? literal)
        {
            Text = text;
            _tokens = tokens;
            Literal = literal;
        }

        /// <summary>The pattern as typed.</summary>
        public string Text { get; }

        /// <summary>The name it stands for when it has no wildcard (escapes removed); null for a real pattern.</summary>
        public string? Literal { get; }

        public bool HasWildcards => Literal == null;

        /// <summary>True when <paramref name="text"/> has a '*', '?' or '[' that no backtick escapes.</summary>
        public static bool ContainsWildcards(string? text)
        {
            if (string.IsNullOrEmpty(text)) return false;
            for (var i = 0; i < text!.Length; i++)
            {
                var c = text[i];
                if (c == '`')
                {
                    i++;
                    continue;
                }

                if (c == '*' || c == '?' || c == '[') return true;
            }

            return false;
        }

        /// <summary>Removes the escaping backticks: "a`[1`].txt" is "a[1].txt"; a backtick at the very end stays.</summary>
        public static string Unescape(string text)
        {
            if (text.IndexOf('`') < 0) return text;
            var sb = new StringBuilder(text.Length);
            for (var i = 0; i < text.Length; i++)
            {
                if (text[i] == '`' && i + 1 < text.Length) i++;
                sb.Append(text[i]);
            }

            return sb.ToString();
        }

        /// <summary>A backtick before every character a pattern would read as a wildcard or escape ('*', '?', '[', ']', '`').</summary>
        public static string Escape(string name)
        {
            if (name.IndexOfAny(Special) < 0) return name;
            var sb = new StringBuilder(name.Length + 4);
            foreach (var c in name)
            {
                if (Array.IndexOf(Special, c) >= 0) sb.Append('`');
                sb.Append(c);
            }

            return sb.ToString();
        }

        private static readonly char[] Special = { '*', '?', '[', ']', '`' };

        /// <summary>
        /// Parses <paramref name="text"/>. A '[' without its ']' or an empty "[]" is <see cref="OlaresArgumentException"/>
        /// (OlaresInvalidPath) naming <paramref name="path"/>, the whole path it belongs to.
        /// </summary>
        public static NamePattern Parse(string text, string? path = null)
        {
            if (text == null) throw new ArgumentNullException(nameof(text));
            if (!ContainsWildcards(text)) return new NamePattern(text, new[] { Token.Chars(Unescape(text)) }, Unescape(text));
            var tokens = new List<Token>();
            var literal = new StringBuilder();
            void Flush()
            {
                if (literal.Length == 0) return;
                tokens.Add(Token.Chars(literal.ToString()));
                literal.Clear();
            }

            for (var i = 0; i < text.Length; i++)
            {
                var c = text[i];
                switch (c)
                {
                    case '`' when i + 1 < text.Length:
                        literal.Append(text[++i]);
                        break;
                    case '*':
                        Flush();
                        if (tokens.Count == 0 || tokens[tokens.Count - 1].Kind != TokenKind.Star) tokens.Add(Token.Star);
                        break;
                    case '?':
                        Flush();
                        tokens.Add(Token.One);
                        break;
                    case '[':
                        Flush();
                        tokens.Add(ParseSet(text, ref i, path));
                        break;
                    default:
                        literal.Append(c);
                        break;
                }
            }

            Flush();
            return new NamePattern(text, tokens.ToArray(), null);
        }

        /// <summary>Whether <paramref name="name"/> matches, comparing characters exactly (ordinal, case-sensitive).</summary>
        public bool IsMatch(string name)
        {
            if (name == null) return false;
            if (Literal != null) return string.Equals(Literal, name, StringComparison.Ordinal);

            // Greedy with one backtrack point: the last '*' seen resumes one character further on a mismatch.
            int t = 0, n = 0, starToken = -1, starName = 0;
            while (n < name.Length || t < _tokens.Length)
            {
                if (t < _tokens.Length)
                {
                    var token = _tokens[t];
                    if (token.Kind == TokenKind.Star)
                    {
                        starToken = t++;
                        starName = n;
                        continue;
                    }

                    var length = token.Matches(name, n);
                    if (length >= 0)
                    {
                        t++;
                        n += length;
                        continue;
                    }
                }

                if (starToken < 0 || starName >= name.Length) return false;
                t = starToken + 1;
                n = ++starName;
            }

            return true;
        }

        public override string ToString() => Text;

        /// <summary>"[...]" from <paramref name="i"/> (at the '['); leaves <paramref name="i"/> on the ']'.</summary>
        private static Token ParseSet(string text, ref int i, string? path)
        {
            var ranges = new List<KeyValuePair<char, char>>();
            var j = i + 1;
            while (j < text.Length && text[j] != ']')
            {
                var from = text[j];
                if (from == '`' && j + 1 < text.Length) from = text[++j];
                j++;
                if (j + 1 < text.Length && text[j] == '-' && text[j + 1] != ']')
                {
                    var to = text[j + 1];
                    j += 2;
                    if (to == '`' && j < text.Length) to = text[j++];
                    ranges.Add(new KeyValuePair<char, char>(from <= to ? from : to, from <= to ? to : from));
                }
                else
                {
                    ranges.Add(new KeyValuePair<char, char>(from, from));
                }
            }

            if (j >= text.Length || ranges.Count == 0)
            {
                var where = path ?? text;
                throw new OlaresArgumentException("OlaresInvalidPath",
                    "\"" + where + "\" is not a valid wildcard pattern: \"" + text + "\" has a '[' without a closing ']' (or an empty \"[]\"). " +
                    "Escape brackets that are part of a name with a backtick (`[ and `]), or use -LiteralPath.", where)
                {
                    RecommendedAction = "Use -LiteralPath for names with brackets, or escape them with a backtick (`[, `]) in -Path.",
                };
            }

            i = j;
            return Token.Set(ranges.ToArray());
        }

        private enum TokenKind
        {
            Chars,
            One,
            Star,
            Set,
        }

        private sealed class Token
        {
            public static readonly Token Star = new Token(TokenKind.Star, null, null);
            public static readonly Token One = new Token(TokenKind.One, null, null);

            private readonly string? _chars;
            private readonly KeyValuePair<char, char>[]? _ranges;

            private Token(TokenKind kind, string? chars, KeyValuePair<char, char>[]? ranges)
            {
                Kind = kind;
                _chars = chars;
                _ranges = ranges;
            }

            public TokenKind Kind { get; }

            public static Token Chars(string chars) => new Token(TokenKind.Chars, chars, null);

            public static Token Set(KeyValuePair<char, char>[] ranges) => new Token(TokenKind.Set, null, ranges);

            /// <summary>How many characters of <paramref name="name"/> from <paramref name="at"/> this token takes; -1 when it does not match there.</summary>
            public int Matches(string name, int at)
            {
                switch (Kind)
                {
                    case TokenKind.Chars:
                        return string.CompareOrdinal(name, at, _chars, 0, _chars!.Length) == 0 && at + _chars.Length <= name.Length ? _chars.Length : -1;
                    case TokenKind.One:
                        return at < name.Length ? 1 : -1;
                    case TokenKind.Set:
                        if (at >= name.Length) return -1;
                        var c = name[at];
                        foreach (var r in _ranges!)
                        {
                            if (c >= r.Key && c <= r.Value) return 1;
                        }

                        return -1;
                    default:
                        return -1;
                }
            }
        }
    }
}
