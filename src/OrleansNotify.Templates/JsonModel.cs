using System.Text.Json;

namespace OrleansNotify.Templates;

/// <summary>
/// Turns event JSON into dictionaries, lists and primitives, the shapes Handlebars.Net walks without
/// a JSON extension: <c>{{owner.name}}</c>, <c>{{#each items}}</c>, <c>{{#if flag}}</c>.
/// </summary>
public static class JsonModel
{
    public static object? From(string json)
    {
        using var document = JsonDocument.Parse(json);
        return From(document.RootElement);
    }

    public static object? From(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => Object(element),
        JsonValueKind.Array => element.EnumerateArray().Select(From).ToList(),
        JsonValueKind.String => element.GetString(),
        JsonValueKind.Number => element.TryGetInt64(out var l) ? l : element.GetDouble(),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => null,
    };

    private static Dictionary<string, object?> Object(JsonElement element)
    {
        var values = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var property in element.EnumerateObject())
        {
            values[property.Name] = From(property.Value);
        }

        return values;
    }
}
