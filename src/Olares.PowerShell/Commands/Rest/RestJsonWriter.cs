using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Management.Automation;
using System.Text.Json;
using Olares.Errors;

namespace Olares.PowerShell.Commands.Rest
{
    /// <summary>
    /// A -Body object as JSON: hashtables and PSCustomObjects become objects (keys in their order), lists arrays,
    /// enums their names, dates ISO 8601; other objects their public properties. Cycles and very deep objects are
    /// refused with a typed error instead of a stack overflow.
    /// </summary>
    internal static class RestJsonWriter
    {
        public const int MaxDepth = 64;

        public static byte[] ToJson(object? value)
        {
            using var stream = new MemoryStream();
            using (var writer = new Utf8JsonWriter(stream))
            {
                Write(writer, value, 0);
            }

            return stream.ToArray();
        }

        private static void Write(Utf8JsonWriter w, object? value, int depth)
        {
            if (depth > MaxDepth)
            {
                throw new OlaresArgumentException("OlaresInvalidBody",
                    "The -Body object is nested more than " + MaxDepth + " levels deep (or refers to itself), so it cannot be sent as JSON.", null)
                {
                    RecommendedAction = "Pass a simpler object, or a JSON string (ConvertTo-Json -Depth N) as -Body.",
                };
            }

            if (value is PSObject ps)
            {
                if (ps.BaseObject is PSCustomObject)
                {
                    WriteProperties(w, ps, depth);
                    return;
                }

                value = ps.BaseObject;
            }

            switch (value)
            {
                case null:
                    w.WriteNullValue();
                    return;
                case string s:
                    w.WriteStringValue(s);
                    return;
                case char c:
                    w.WriteStringValue(c.ToString());
                    return;
                case bool b:
                    w.WriteBooleanValue(b);
                    return;
                case SwitchParameter sw:
                    w.WriteBooleanValue(sw.IsPresent);
                    return;
                case Enum e:
                    w.WriteStringValue(e.ToString());
                    return;
                case byte _:
                case ushort _:
                case uint _:
                case ulong _:
                    w.WriteNumberValue(Convert.ToUInt64(value, CultureInfo.InvariantCulture));
                    return;
                case sbyte _:
                case short _:
                case int _:
                case long _:
                    w.WriteNumberValue(Convert.ToInt64(value, CultureInfo.InvariantCulture));
                    return;
                case decimal m:
                    w.WriteNumberValue(m);
                    return;
                case double d:
                    WriteFloat(w, d);
                    return;
                case float f:
                    WriteFloat(w, f);
                    return;
                case DateTime dt:
                    w.WriteStringValue(dt.ToString("o", CultureInfo.InvariantCulture));
                    return;
                case DateTimeOffset dto:
                    w.WriteStringValue(dto.ToString("o", CultureInfo.InvariantCulture));
                    return;
                case Guid _:
                case Uri _:
                case TimeSpan _:
                case Version _:
                    w.WriteStringValue(Convert.ToString(value, CultureInfo.InvariantCulture));
                    return;
                case IFormattable big when big.GetType().FullName == "System.Numerics.BigInteger":
                    w.WriteRawValue(big.ToString(null, CultureInfo.InvariantCulture), skipInputValidation: true);
                    return;
                case IDictionary dictionary:
                    w.WriteStartObject();
                    foreach (DictionaryEntry entry in dictionary)
                    {
                        w.WritePropertyName(Convert.ToString(entry.Key is PSObject k ? k.BaseObject : entry.Key, CultureInfo.InvariantCulture) ?? string.Empty);
                        Write(w, entry.Value, depth + 1);
                    }

                    w.WriteEndObject();
                    return;
                case IEnumerable list:
                    w.WriteStartArray();
                    foreach (var item in list) Write(w, item, depth + 1);
                    w.WriteEndArray();
                    return;
                default:
                    WriteProperties(w, PSObject.AsPSObject(value), depth);
                    return;
            }
        }

        private static void WriteProperties(Utf8JsonWriter w, PSObject ps, int depth)
        {
            w.WriteStartObject();
            var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (var property in ps.Properties)
            {
                if (!property.IsGettable || !seen.Add(property.Name)) continue;
                object? v;
                try
                {
                    v = property.Value;
                }
                catch (GetValueException)
                {
                    continue;
                }

                w.WritePropertyName(property.Name);
                Write(w, v, depth + 1);
            }

            w.WriteEndObject();
        }

        private static void WriteFloat(Utf8JsonWriter w, double d)
        {
            if (double.IsNaN(d) || double.IsInfinity(d))
            {
                throw new OlaresArgumentException("OlaresInvalidBody", "The -Body holds the number " + d.ToString(CultureInfo.InvariantCulture) + ", which JSON cannot express.", d);
            }

            w.WriteNumberValue(d);
        }
    }
}
