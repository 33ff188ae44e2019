using System.Text.Json.Nodes;

namespace OrleansNotify.EndToEnd.Tests.Support;

/// <summary>Portal bodies as an operator would PUT them, one per notifier kind under test.</summary>
public static class Bodies
{
    public static string NewId(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..24];

    /// <summary>A fast throttle: these tests measure the notifiers, not the token bucket.</summary>
    private static JsonObject OpenThrottle() => new() { ["perSecond"] = 100_000, ["burst"] = 100_000, ["maxConcurrency"] = 8 };

    public static string SendGrid(string baseUrl, string apiKey, JsonObject? defaults = null) => new JsonObject
    {
        ["displayName"] = "E2E SendGrid",
        ["notifier"] = new JsonObject { ["kind"] = "sendgrid", ["apiKey"] = apiKey, ["baseUrl"] = baseUrl },
        ["defaults"] = defaults ?? new JsonObject(),
        ["throttle"] = OpenThrottle(),
    }.ToJsonString();

    public static string Smtp(int port, string certificatePem, string user, string password) => new JsonObject
    {
        ["displayName"] = "E2E SMTP",
        ["notifier"] = new JsonObject
        {
            ["kind"] = "smtp", ["host"] = "127.0.0.1", ["port"] = port, ["security"] = "starttls",
            ["userName"] = user, ["password"] = password, ["trustedCertificate"] = certificatePem,
        },
        ["throttle"] = OpenThrottle(),
    }.ToJsonString();

    /// <summary>SendGrid's relay played by the local server: user <c>apikey</c>, the key as password.</summary>
    public static string SendGridSmtp(int port, string certificatePem, string apiKey) => new JsonObject
    {
        ["displayName"] = "E2E SendGrid relay",
        ["notifier"] = new JsonObject
        {
            ["kind"] = "sendgrid-smtp", ["host"] = "127.0.0.1", ["port"] = port, ["security"] = "starttls",
            ["apiKey"] = apiKey, ["trustedCertificate"] = certificatePem,
        },
        ["defaults"] = new JsonObject { ["categories"] = new JsonArray("relay-default") },
        ["throttle"] = OpenThrottle(),
    }.ToJsonString();

    /// <summary>A valid mail/send body with one recipient.</summary>
    public static JsonObject Mail(string to = "to@example.com", string subject = "Hello")
    {
        return new JsonObject
        {
            ["personalizations"] = new JsonArray(new JsonObject { ["to"] = new JsonArray(new JsonObject { ["email"] = to }) }),
            ["from"] = new JsonObject { ["email"] = "sender@example.com" },
            ["subject"] = subject,
            ["content"] = new JsonArray(new JsonObject { ["type"] = "text/plain", ["value"] = "Hi there" }),
        };
    }
}
