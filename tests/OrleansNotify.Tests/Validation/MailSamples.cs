using OrleansNotify.Mail;
using OrleansNotify.Validation;

namespace OrleansNotify.Tests.Validation;

/// <summary>A valid message to break one rule at a time, and assertions on the fields named.</summary>
internal static class MailSamples
{
    public static readonly DateTimeOffset Now = new(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);

    public static MailValidationContext Context(bool hasDefaultFrom = false) => new() { Now = Now, HasDefaultFrom = hasDefaultFrom };

    public static EmailAddress Address(string email, string? name = null) => new() { Email = email, Name = name };

    public static Personalization To(params string[] emails) => new() { To = [.. emails.Select(e => Address(e))] };

    public static MailSendRequest Valid() => new()
    {
        Personalizations = [To("ann@example.com")],
        From = Address("noreply@example.com", "Example"),
        Subject = "Hello",
        Content = [new MailContent { Type = "text/plain", Value = "Hi" }, new MailContent { Type = "text/html", Value = "<p>Hi</p>" }],
    };

    public static IReadOnlyList<SendGridError> Validate(MailSendRequest mail, MailValidationContext? context = null) =>
        MailValidator.Validate(mail, context ?? Context());

    /// <summary>Exactly one error, naming exactly this field, with a message and help for the caller.</summary>
    public static SendGridError AssertOnlyField(MailSendRequest mail, string field, MailValidationContext? context = null)
    {
        var errors = Validate(mail, context);
        var error = Assert.Single(errors);
        Assert.Equal(field, error.Field);
        Assert.False(string.IsNullOrWhiteSpace(error.Message));
        Assert.False(string.IsNullOrWhiteSpace(error.Help));
        return error;
    }

    public static void AssertValid(MailSendRequest mail, MailValidationContext? context = null) =>
        Assert.Empty(Validate(mail, context));
}
