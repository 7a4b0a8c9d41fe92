using System;
using System.Text.RegularExpressions;
using Olares.Errors;

namespace Olares.Identity
{
    /// <summary>
    /// An Olares identity, <c>local@domain</c>. A bare name implies the domain <c>olares.com</c>, as olares-cli does.
    /// Parsing is stricter than olares-cli's (which only refuses empty ids and several '@'): the parts end up in
    /// host names and file names, so anything that is not a host-name label is refused up front.
    /// </summary>
    public sealed class OlaresId : IEquatable<OlaresId>
    {
        public const string DefaultDomain = "olares.com";

        private static readonly Regex LocalPattern = new Regex("^[A-Za-z0-9](?:[A-Za-z0-9_-]*[A-Za-z0-9])?$", RegexOptions.CultureInvariant);
        private static readonly Regex DomainPattern = new Regex(
            "^(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*$", RegexOptions.CultureInvariant);

        private OlaresId(string local, string domain)
        {
            Local = local;
            Domain = domain;
        }

        public string Local { get; }

        public string Domain { get; }

        /// <summary><c>local.domain</c>, the host-name suffix of every service.</summary>
        public string TerminusName => Local + "." + Domain;

        public string Value => Local + "@" + Domain;

        public static OlaresId Parse(string? text)
        {
            if (TryParse(text, out var id, out var reason)) return id!;
            throw new OlaresArgumentException("OlaresInvalidId", "\"" + text + "\" is not a valid olaresId: " + reason + ". Expected <name>@<domain>, e.g. alice@olares.com.", text);
        }

        public static bool TryParse(string? text, out OlaresId? id, out string reason)
        {
            id = null;
            var trimmed = (text ?? string.Empty).Trim();
            if (trimmed.Length == 0)
            {
                reason = "it is empty";
                return false;
            }

            var at = trimmed.IndexOf('@');
            if (at >= 0 && trimmed.IndexOf('@', at + 1) >= 0)
            {
                reason = "it contains more than one '@'";
                return false;
            }

            var local = at < 0 ? trimmed : trimmed.Substring(0, at);
            var domain = at < 0 ? DefaultDomain : trimmed.Substring(at + 1);
            if (!LocalPattern.IsMatch(local))
            {
                reason = local.Length == 0 ? "the name before '@' is empty" : "the name \"" + local + "\" may only hold letters, digits, '-' and '_'";
                return false;
            }

            if (domain.Length > 253 || !DomainPattern.IsMatch(domain))
            {
                reason = domain.Length == 0 ? "the domain after '@' is empty" : "the domain \"" + domain + "\" is not a host name";
                return false;
            }

            id = new OlaresId(local, domain);
            reason = string.Empty;
            return true;
        }

        public bool Equals(OlaresId? other) => other != null && string.Equals(Value, other.Value, StringComparison.Ordinal);

        public override bool Equals(object? obj) => Equals(obj as OlaresId);

        public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Value);

        public override string ToString() => Value;
    }
}
