using System;
using System.Collections;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Olares.Storage
{
    /// <summary>
    /// Marks a property that is left out of the JSON when it is empty, like Go's <c>omitempty</c>: null, "", 0,
    /// false, an empty collection or a JSON null.
    /// </summary>
    [AttributeUsage(AttributeTargets.Property)]
    internal sealed class OmitEmptyAttribute : Attribute
    {
    }

    /// <summary>
    /// The JSON conventions shared with olares-cli (Go encoding/json): case-insensitive property matching on read,
    /// <c>omitempty</c> on write, no HTML-escaping of non-ASCII text, "\n" line ends, 2-space indent when indented.
    /// </summary>
    internal static class OlaresJson
    {
        public static readonly JsonSerializerOptions Compact = Create(indented: false);

        public static readonly JsonSerializerOptions Indented = Create(indented: true);

        private static readonly byte[] Utf8Bom = { 0xEF, 0xBB, 0xBF };

        public static byte[] SerializeIndented<T>(T value)
        {
            // System.Text.Json 8 writes Environment.NewLine; olares-cli writes "\n" everywhere. JSON strings never
            // contain a raw CR or LF (they are escaped), so replacing the structural line ends is safe.
            var text = JsonSerializer.Serialize(value, Indented);
            return Encoding.UTF8.GetBytes(text.Replace("\r\n", "\n"));
        }

        public static string SerializeCompact<T>(T value) => JsonSerializer.Serialize(value, Compact);

        /// <summary>Strips a UTF-8 byte order mark (Notepad on Windows PowerShell 5.1 writes one).</summary>
        public static ReadOnlyMemory<byte> WithoutBom(byte[] data)
        {
            if (data.Length >= 3 && data[0] == Utf8Bom[0] && data[1] == Utf8Bom[1] && data[2] == Utf8Bom[2])
            {
                return new ReadOnlyMemory<byte>(data, 3, data.Length - 3);
            }

            return data;
        }

        /// <summary>True when the content is empty or only whitespace (treated as "no file").</summary>
        public static bool IsBlank(ReadOnlySpan<byte> data)
        {
            foreach (var b in data)
            {
                if (b != (byte)' ' && b != (byte)'\t' && b != (byte)'\r' && b != (byte)'\n') return false;
            }

            return true;
        }

        private static JsonSerializerOptions Create(bool indented)
        {
            var resolver = new DefaultJsonTypeInfoResolver();
            resolver.Modifiers.Add(ApplyOmitEmpty);
            var options = new JsonSerializerOptions
            {
                // Go's encoding/json matches keys case-insensitively.
                PropertyNameCaseInsensitive = true,
                // Readable non-ASCII (profile aliases); the files are never embedded in HTML.
                Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
                WriteIndented = indented,
                TypeInfoResolver = resolver,
            };
            options.MakeReadOnly();
            return options;
        }

        private static void ApplyOmitEmpty(JsonTypeInfo typeInfo)
        {
            if (typeInfo.Kind != JsonTypeInfoKind.Object) return;
            foreach (var property in typeInfo.Properties)
            {
                var provider = property.AttributeProvider;
                if (provider == null || !provider.IsDefined(typeof(OmitEmptyAttribute), false)) continue;
                property.ShouldSerialize = (_, value) => !IsEmpty(value);
            }
        }

        private static bool IsEmpty(object? value)
        {
            switch (value)
            {
                case null:
                    return true;
                case string s:
                    return s.Length == 0;
                case bool b:
                    return !b;
                case long l:
                    return l == 0;
                case int i:
                    return i == 0;
                case JsonElement e:
                    return e.ValueKind == JsonValueKind.Undefined || e.ValueKind == JsonValueKind.Null;
                case ICollection c:
                    return c.Count == 0;
                default:
                    return false;
            }
        }
    }
}
