using System.Text.Json;
using OrleansNotify.Mail;

namespace OrleansNotify.Testing.SendGrid;

/// <summary>SendGrid's error body: <c>{"errors":[{"message","field","help"}]}</c>, every failing field listed.</summary>
public static class FakeSendGridErrors
{
    public static string Json(params (string Message, string? Field)[] errors) => Json(errors.Select(e => new SendGridError { Message = e.Message, Field = e.Field }).ToArray());

    public static string Json(IReadOnlyList<SendGridError> errors) =>
        JsonSerializer.Serialize(new SendGridErrorResponse { Errors = errors }, MailJsonContext.Default.SendGridErrorResponse);
}
