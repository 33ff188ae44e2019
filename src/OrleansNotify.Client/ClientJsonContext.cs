using System.Text.Json;
using System.Text.Json.Serialization;
using OrleansNotify.Grains;
using OrleansNotify.Messages;
using OrleansNotify.Notifiers;

namespace OrleansNotify.Client;

/// <summary>
/// The API's own JSON shapes (web defaults: camelCase). Requests reuse the contracts' contexts:
/// PortalJsonContext for portals, MailJsonContext for SendGrid bodies and errors.
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(MessageReceipt))]
[JsonSerializable(typeof(MessageBatchReceipt))]
[JsonSerializable(typeof(PortalList))]
[JsonSerializable(typeof(PortalView))]
[JsonSerializable(typeof(CreatedPortalKey))]
[JsonSerializable(typeof(MessageView))]
[JsonSerializable(typeof(VerifyReport))]
[JsonSerializable(typeof(HealthStatus))]
internal sealed partial class ClientJsonContext : JsonSerializerContext;
