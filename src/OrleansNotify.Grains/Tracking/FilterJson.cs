using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace OrleansNotify.Grains.Tracking;

/// <summary>Source-generated writer for re-written mail bodies (no reflection-based JSON in the silo).</summary>
[JsonSerializable(typeof(JsonObject))]
internal sealed partial class FilterJson : JsonSerializerContext;
