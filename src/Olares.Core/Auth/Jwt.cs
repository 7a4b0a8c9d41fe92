using System;
using System.Text;
using System.Text.Json;

namespace Olares.Auth
{
    public enum JwtExpiryState
    {
        /// <summary>Not three dot-separated segments with a JSON payload.</summary>
        NotAJwt,

        /// <summary>A JWT without an <c>exp</c> claim (or exp = 0): expiry unknown, trust the token.</summary>
        NoExpiry,

        HasExpiry,
    }

    /// <summary>
    /// Reads the <c>exp</c> claim of an access token, the only claim olares-cli ever reads; the signature is
    /// never verified (the server does that). Kept dependency-free on purpose: the module must not load a
    /// Microsoft.IdentityModel version that conflicts with other modules in the same session.
    /// </summary>
    public static class Jwt
    {
        public static JwtExpiryState TryGetExpiry(string? token, out DateTimeOffset expiresAt) => TryGetExpiry(token, out expiresAt, out _);

        /// <summary>Also reads <c>iat</c> (issued at) when present, to know the token's lifetime.</summary>
        public static JwtExpiryState TryGetExpiry(string? token, out DateTimeOffset expiresAt, out DateTimeOffset? issuedAt)
        {
            expiresAt = default;
            issuedAt = null;
            if (string.IsNullOrEmpty(token)) return JwtExpiryState.NotAJwt;
            var parts = token!.Split('.');
            if (parts.Length != 3) return JwtExpiryState.NotAJwt;
            byte[] payload;
            try
            {
                payload = Base64UrlDecode(parts[1]);
            }
            catch (FormatException)
            {
                return JwtExpiryState.NotAJwt;
            }

            try
            {
                using var doc = JsonDocument.Parse(payload);
                if (doc.RootElement.ValueKind != JsonValueKind.Object) return JwtExpiryState.NotAJwt;
                if (!doc.RootElement.TryGetProperty("exp", out var exp) || exp.ValueKind != JsonValueKind.Number) return JwtExpiryState.NoExpiry;
                if (!exp.TryGetInt64(out var seconds))
                {
                    if (!exp.TryGetDouble(out var d)) return JwtExpiryState.NoExpiry;
                    seconds = (long)d;
                }

                if (seconds == 0) return JwtExpiryState.NoExpiry;
                expiresAt = DateTimeOffset.FromUnixTimeSeconds(seconds);
                if (doc.RootElement.TryGetProperty("iat", out var iat) && iat.ValueKind == JsonValueKind.Number && iat.TryGetInt64(out var issued) && issued > 0 && issued < seconds)
                {
                    issuedAt = DateTimeOffset.FromUnixTimeSeconds(issued);
                }

                return JwtExpiryState.HasExpiry;
            }
            catch (JsonException)
            {
                return JwtExpiryState.NotAJwt;
            }
            catch (ArgumentOutOfRangeException)
            {
                return JwtExpiryState.NoExpiry;
            }
        }

        /// <summary>
        /// Whether <paramref name="token"/> expires within its preflight margin (<see cref="PreflightSkew"/>). When the
        /// local time it was received is known and the token says when it was issued, its expiry is the receipt time
        /// plus its lifetime (exp − iat), so a local clock minutes ahead of or behind the server's neither refreshes on
        /// every request nor sends a token the server already counts as expired; otherwise olares-cli's rule, exp against
        /// the local clock (now + margin ≥ exp). Tokens without a readable exp are never stale.
        /// </summary>
        public static bool IsStale(string? token, DateTimeOffset now, TimeSpan maximumSkew, DateTimeOffset? receivedAt)
        {
            if (TryGetExpiry(token, out var exp, out var iat) != JwtExpiryState.HasExpiry) return false;
            var expiry = receivedAt.HasValue && iat.HasValue ? receivedAt.Value + (exp - iat.Value) : exp;
            return now + PreflightSkew(token, maximumSkew) >= expiry;
        }

        /// <summary>
        /// The margin before expiry at which a token counts as stale for a preflight refresh: <paramref name="maximum"/>
        /// (olares-cli's 60 s), but never more than half the token's lifetime, so that short-lived tokens (a few
        /// seconds) are not refreshed before every single request.
        /// </summary>
        public static TimeSpan PreflightSkew(string? token, TimeSpan maximum)
        {
            if (TryGetExpiry(token, out var exp, out var iat) != JwtExpiryState.HasExpiry || iat == null) return maximum;
            var half = TimeSpan.FromTicks((exp - iat.Value).Ticks / 2);
            return half < maximum ? half : maximum;
        }

        /// <summary>Base64url without padding, retried with padding, as olares-cli decodes.</summary>
        internal static byte[] Base64UrlDecode(string segment)
        {
            var s = segment.Replace('-', '+').Replace('_', '/');
            switch (s.Length % 4)
            {
                case 2: s += "=="; break;
                case 3: s += "="; break;
                case 1: throw new FormatException("Invalid base64url length.");
            }

            return Convert.FromBase64String(s);
        }

        internal static string Base64UrlEncode(byte[] data) =>
            Convert.ToBase64String(data).TrimEnd('=').Replace('+', '-').Replace('/', '_');

        internal static string Base64UrlEncode(string text) => Base64UrlEncode(Encoding.UTF8.GetBytes(text));
    }
}
