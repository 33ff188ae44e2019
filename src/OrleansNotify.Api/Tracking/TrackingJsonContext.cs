using System.Text.Json;
using System.Text.Json.Serialization;
using OrleansNotify.Tracking;

namespace OrleansNotify.Api.Tracking;

/// <summary>Source-generated JSON of the tracking endpoints (camelCase, enums as names).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, UseStringEnumConverter = true)]
[JsonSerializable(typeof(StatsResponse))]
[JsonSerializable(typeof(SuppressionList))]
[JsonSerializable(typeof(Suppression))]
[JsonSerializable(typeof(SuppressionInput))]
[JsonSerializable(typeof(WebhookReceipt))]
public sealed partial class TrackingJsonContext : JsonSerializerContext;
