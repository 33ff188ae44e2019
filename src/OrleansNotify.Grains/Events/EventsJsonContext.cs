using System.Text.Json.Serialization;

namespace OrleansNotify.Grains.Events;

[JsonSerializable(typeof(string[]))]
internal sealed partial class EventsJsonContext : JsonSerializerContext;
