using System;
using System.Globalization;
using System.Management.Automation;
using System.Text.Json;
using Olares.Errors;

namespace Olares.PowerShell.Commands.Rest
{
    /// <summary>
    /// JSON answers as PowerShell objects, as Invoke-RestMethod gives them: objects become PSCustomObjects (property
    /// order kept), arrays object[], integers int or long (decimal beyond), other numbers double. Strings stay
    /// strings (no date guessing).
    /// </summary>
    internal static class RestJsonReader
    {
        public static object? ToObject(JsonElement element, string what, int status = 200)
        {
            switch (element.ValueKind)
            {
                case JsonValueKind.Object:
                    var result = new PSObject();
                    foreach (var property in element.EnumerateObject())
                    {
                        var value = ToObject(property.Value, what, status);
                        var existing = result.Properties[property.Name];
                        if (existing == null)
                        {
                            result.Properties.Add(new PSNoteProperty(property.Name, value));
                        }
                        else if (string.Equals(existing.Name, property.Name, StringComparison.Ordinal))
                        {
                            // A repeated key: the last one wins, as in most JSON readers.
                            existing.Value = value;
                        }
                        else
                        {
                            throw new OlaresProtocolException(what, status,
                                "the JSON object has the keys \"" + existing.Name + "\" and \"" + property.Name + "\", which PowerShell property names cannot tell apart; add -Raw to get the text");
                        }
                    }

                    return result;
                case JsonValueKind.Array:
                    var items = new object?[element.GetArrayLength()];
                    var i = 0;
                    foreach (var item in element.EnumerateArray()) items[i++] = ToObject(item, what, status);
                    return items;
                case JsonValueKind.String:
                    return element.GetString();
                case JsonValueKind.Number:
                    return Number(element);
                case JsonValueKind.True:
                    return true;
                case JsonValueKind.False:
                    return false;
                default:
                    return null;
            }
        }

        private static object Number(JsonElement element)
        {
            if (element.TryGetInt32(out var i)) return i;
            if (element.TryGetInt64(out var l)) return l;
            var raw = element.GetRawText();
            var integral = raw.IndexOfAny(new[] { '.', 'e', 'E' }) < 0;
            if (integral && decimal.TryParse(raw, NumberStyles.Integer, CultureInfo.InvariantCulture, out var d)) return d;
            return element.GetDouble();
        }
    }
}
