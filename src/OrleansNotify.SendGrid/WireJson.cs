using System.Text.Encodings.Web;
using System.Text.Json;
using OrleansNotify.Mail;

namespace OrleansNotify.SendGrid;

/// <summary>
/// Our source-generated mail JSON with relaxed escaping for the wire: the body goes to an API, never
/// into HTML, so &lt;, &gt;, &amp; and non-ASCII text stay as they are instead of \uXXXX escapes that
/// cost time and, for non-Latin mail, up to six bytes per character of SendGrid's 30 MB.
/// </summary>
internal static class WireJson
{
    public static MailJsonContext Context { get; } = new(new JsonSerializerOptions(MailJsonContext.Default.Options)
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });
}
