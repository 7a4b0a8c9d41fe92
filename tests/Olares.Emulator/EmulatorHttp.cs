using System.Text.Json;

namespace Olares.Emulator;

/// <summary>Small helpers shared by the service files.</summary>
internal static class EmulatorHttp
{
    /// <summary>Reads the body as a JSON object; null when it is empty, not JSON, or not an object.</summary>
    public static async Task<JsonElement?> ReadJsonObjectAsync(HttpRequest request, CancellationToken ct)
    {
        try
        {
            using var doc = await JsonDocument.ParseAsync(request.Body, default, ct).ConfigureAwait(false);
            return doc.RootElement.ValueKind == JsonValueKind.Object ? doc.RootElement.Clone() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>Property as string: null when absent or JSON null; throws FormatException when another type.</summary>
    public static string? GetString(this JsonElement obj, string name)
    {
        if (!TryGetPropertyIgnoreCase(obj, name, out var v) || v.ValueKind == JsonValueKind.Null) return null;
        return v.ValueKind == JsonValueKind.String ? v.GetString() : throw new FormatException($"'{name}' must be a string");
    }

    /// <summary>Property as int: null when absent; throws FormatException when not an integer.</summary>
    public static int? GetInt(this JsonElement obj, string name)
    {
        if (!TryGetPropertyIgnoreCase(obj, name, out var v) || v.ValueKind == JsonValueKind.Null) return null;
        return v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out var i) ? i : throw new FormatException($"'{name}' must be an integer");
    }

    public static bool TryGetPropertyIgnoreCase(JsonElement obj, string name, out JsonElement value)
    {
        if (obj.TryGetProperty(name, out value)) return true;
        foreach (var p in obj.EnumerateObject())
        {
            if (string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase)) { value = p.Value; return true; }
        }
        value = default;
        return false;
    }

    /// <summary>Olares auth envelope {"status":"KO","message":...}.</summary>
    public static IResult AuthKo(int statusCode, string message)
        => Results.Json(new { status = "KO", message }, statusCode: statusCode);

    /// <summary>Backend envelope {"code":0,"message":"","data":...}.</summary>
    public static IResult Ok(object data) => Results.Json(new { code = 0, message = "", data });
}
