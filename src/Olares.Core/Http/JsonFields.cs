using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json;

namespace Olares.Http
{
    /// <summary>
    /// Reading the fields of a server's JSON answer: a missing field, a field of the wrong type or a parent that is not
    /// an object all read as absent, so every client decides in one place what absent means for it.
    /// </summary>
    internal static class JsonFields
    {
        /// <summary>The member <paramref name="name"/> of an object; an undefined element otherwise.</summary>
        public static JsonElement Prop(JsonElement obj, string name) =>
            obj.ValueKind == JsonValueKind.Object && obj.TryGetProperty(name, out var v) ? v : default;

        /// <summary>The elements of an array; none for anything else.</summary>
        public static IEnumerable<JsonElement> Items(JsonElement array) =>
            array.ValueKind == JsonValueKind.Array ? array.EnumerateArray() : Enumerable.Empty<JsonElement>();

        /// <summary>The members of an object; none for anything else.</summary>
        public static IEnumerable<JsonProperty> Members(JsonElement obj) =>
            obj.ValueKind == JsonValueKind.Object ? obj.EnumerateObject() : Enumerable.Empty<JsonProperty>();

        /// <summary>A string member; null when absent or not a string.</summary>
        public static string? String(JsonElement obj, string name)
        {
            var v = Prop(obj, name);
            return v.ValueKind == JsonValueKind.String ? v.GetString() : null;
        }

        /// <summary>A string member, or a number member as its JSON text (ids some servers send either way); null otherwise.</summary>
        public static string? StringOrNumber(JsonElement obj, string name)
        {
            var v = Prop(obj, name);
            return v.ValueKind == JsonValueKind.String ? v.GetString() : v.ValueKind == JsonValueKind.Number ? v.GetRawText() : null;
        }

        /// <summary>True for JSON true or the string "true" (any case); false otherwise.</summary>
        public static bool Flag(JsonElement obj, string name)
        {
            var v = Prop(obj, name);
            return v.ValueKind == JsonValueKind.True || (v.ValueKind == JsonValueKind.String && string.Equals(v.GetString(), "true", StringComparison.OrdinalIgnoreCase));
        }

        /// <summary>JSON true or false; null for anything else.</summary>
        public static bool? OptionalBool(JsonElement obj, string name)
        {
            switch (Prop(obj, name).ValueKind)
            {
                case JsonValueKind.True: return true;
                case JsonValueKind.False: return false;
                default: return null;
            }
        }

        /// <summary>A whole number from 0 to long.MaxValue, as a number or a decimal string; null for anything else.</summary>
        public static long? Count(JsonElement obj, string name)
        {
            var v = Prop(obj, name);
            long n;
            switch (v.ValueKind)
            {
                case JsonValueKind.Number:
                    if (v.TryGetInt64(out n)) break;
                    if (!v.TryGetDouble(out var d) || d < 0 || d >= long.MaxValue || Math.Floor(d) != d) return null;
                    n = (long)d;
                    break;
                case JsonValueKind.String:
                    if (!long.TryParse(v.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out n)) return null;
                    break;
                default:
                    return null;
            }

            return n >= 0 ? n : (long?)null;
        }

        /// <summary>A string member that is not empty; null otherwise.</summary>
        public static string? NonEmptyString(JsonElement obj, string name) => NonEmpty(String(obj, name));

        /// <summary>Null for an empty string.</summary>
        public static string? NonEmpty(string? s) => string.IsNullOrEmpty(s) ? null : s;
    }
}
