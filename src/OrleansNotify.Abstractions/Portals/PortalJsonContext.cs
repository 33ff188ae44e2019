using System.Text.Json;
using System.Text.Json.Serialization;

namespace OrleansNotify.Portals;

/// <summary>Source-generated JSON for the portal API (camelCase, nulls written so shapes are stable).</summary>
[JsonSourceGenerationOptions(
    JsonSerializerDefaults.Web,
    AllowOutOfOrderMetadataProperties = true)]
[JsonSerializable(typeof(PortalConfig))]
public sealed partial class PortalJsonContext : JsonSerializerContext;
