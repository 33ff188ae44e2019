using System.Text.Json;
using System.Text.Json.Serialization;
using OrleansNotify.Grains;
using OrleansNotify.Mail;
using OrleansNotify.Messages;
using OrleansNotify.Notifiers;
using OrleansNotify.Portals;

namespace OrleansNotify.Api.Json;

/// <summary>
/// Source-generated JSON for what the API writes (camelCase like the portal contract). SendGrid's error
/// body keeps its own names through its attributes.
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(AcceptedMessage))]
[JsonSerializable(typeof(AcceptedBatch))]
[JsonSerializable(typeof(CancelledMessage))]
[JsonSerializable(typeof(PortalList))]
[JsonSerializable(typeof(PortalView))]
[JsonSerializable(typeof(PortalConfig))]
[JsonSerializable(typeof(CreatedPortalKey))]
[JsonSerializable(typeof(MessageView))]
[JsonSerializable(typeof(VerifyReport))]
[JsonSerializable(typeof(HealthReport))]
[JsonSerializable(typeof(SendGridErrorResponse))]
public sealed partial class ApiJsonContext : JsonSerializerContext;
