using System.Text.Json.Serialization;

namespace OrleansNotify.Portals;

/// <summary>
/// The seed's "delivery importance": sets the Importance / X-Priority headers and orders the portal's
/// queue. The numeric order is the lane order: lower sends first.
/// </summary>
[JsonConverter(typeof(JsonStringEnumConverter<DeliveryImportance>))]
public enum DeliveryImportance
{
    [JsonStringEnumMemberName("high")] High = 0,
    [JsonStringEnumMemberName("normal")] Normal = 1,
    [JsonStringEnumMemberName("low")] Low = 2,
}
