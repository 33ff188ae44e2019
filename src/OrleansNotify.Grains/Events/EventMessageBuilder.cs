using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using OrleansNotify.Events;
using OrleansNotify.Mail;
using OrleansNotify.Validation;

namespace OrleansNotify.Grains.Events;

/// <summary>
/// Turns one event and its rule into validated mail/send messages, one per recipient, all or none:
/// each passes the common validator and the portal kind's own rules, as a message posted directly does.
/// Message ids derive from (portal, event id, event type, recipient index), so the same event twice
/// yields the same ids and the portal's message de-duplication keeps only the first.
/// </summary>
public static class EventMessageBuilder
{
    public const string EventIdArg = "notify_event_id";
    public const string EventTypeArg = "notify_event_type";

    // Relaxed escaping as the API bodies use: HTML and non-ASCII text need no \u escapes in JSON.
    private static readonly JsonTypeInfo<MailSendRequest> MailType = (JsonTypeInfo<MailSendRequest>)
        new JsonSerializerOptions(MailJsonContext.Default.Options) { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }
            .GetTypeInfo(typeof(MailSendRequest));

    public static string CacheKey(string portalId, TemplateVersion template)
    {
        ArgumentNullException.ThrowIfNull(template);
        return $"{portalId}\n{template.TemplateId}\n{template.Version}";
    }

    public static string MessageId(string portalId, string eventId, string eventType, int recipientIndex) =>
        MessageIds.FromIdempotencyKey(portalId, $"event\n{eventId}\n{eventType}\n{recipientIndex}");

    /// <summary>
    /// The event's messages, or the first error. <paramref name="kindRules"/> are the submission rules of
    /// the portal's notifier kind (null when the kind adds none).
    /// </summary>
    public static EventBuild Build(NotifyEvent evt, EventRule rule, PortalEventConfig config, PortalSubmitInfo portal,
        ITemplateRenderer renderer, DateTimeOffset now, INotifierMessageRules? kindRules = null)
    {
        ArgumentNullException.ThrowIfNull(evt);
        ArgumentNullException.ThrowIfNull(rule);
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(portal);
        ArgumentNullException.ThrowIfNull(renderer);
        using var document = JsonDocument.Parse(evt.Data);
        var data = document.RootElement;
        var (recipients, error, field) = RecipientResolver.Resolve(evt, rule, data);
        if (error is not null)
        {
            return EventBuild.Failed(error, field);
        }

        MailSendRequest template;
        if (rule.SendGridTemplateId is { } sendGridTemplate)
        {
            if (portal.NotifierKind != NotifierKinds.SendGrid)
            {
                return EventBuild.Failed("The rule names a SendGrid template but the portal does not send through SendGrid.", "sendGridTemplateId");
            }

            template = new MailSendRequest { TemplateId = sendGridTemplate };
        }
        else if (rule.TemplateId is { } templateId && config.Templates.TryGetValue(templateId, out var version))
        {
            var rendered = renderer.Render(CacheKey(evt.PortalId, version), version.Template, evt.Data);
            template = new MailSendRequest { Subject = rendered.Subject, Content = Content(rendered) };
        }
        else
        {
            return EventBuild.Failed($"The rule's template '{rule.TemplateId}' does not exist.", "templateId");
        }

        var context = new MailValidationContext { Now = now, HasDefaultFrom = portal.HasDefaultFrom };
        var args = new Dictionary<string, string>(StringComparer.Ordinal) { [EventIdArg] = evt.Id, [EventTypeArg] = evt.Type };
        var messages = new List<SubmittedMessage>(recipients.Count);
        for (var i = 0; i < recipients.Count; i++)
        {
            var mail = template with
            {
                From = rule.From,
                Categories = rule.Categories,
                CustomArgs = args,
                Personalizations = [new Personalization
                {
                    To = [recipients[i]],
                    DynamicTemplateData = rule.SendGridTemplateId is null ? null : data,
                }],
            };
            var errors = MailValidator.Validate(mail, context);
            if (errors.Count == 0 && kindRules is not null)
            {
                errors = kindRules.Validate(mail, evt.PortalId);
            }

            if (errors.Count > 0)
            {
                return EventBuild.Failed(errors[0].Message, errors[0].Field);
            }

            messages.Add(new SubmittedMessage
            {
                MessageId = MessageId(evt.PortalId, evt.Id, evt.Type, i),
                PortalId = evt.PortalId,
                AcceptedAt = now,
                Body = JsonSerializer.SerializeToUtf8Bytes(mail, MailType),
                Recipients = 1,
            });
        }

        return new EventBuild(messages, null, null);
    }

    /// <summary>text/plain first, then text/html, as SendGrid requires; empty parts are left out.</summary>
    private static List<MailContent> Content(RenderedEmail rendered)
    {
        var content = new List<MailContent>(2);
        if (!string.IsNullOrEmpty(rendered.Text))
        {
            content.Add(new MailContent { Type = "text/plain", Value = rendered.Text });
        }

        if (!string.IsNullOrEmpty(rendered.Html))
        {
            content.Add(new MailContent { Type = "text/html", Value = rendered.Html });
        }

        return content;
    }
}

/// <summary>An event's messages, or why it cannot have any.</summary>
public sealed record EventBuild(IReadOnlyList<SubmittedMessage> Messages, string? Error, string? Field)
{
    public static EventBuild Failed(string error, string? field) => new([], error, field);
}
