using System.Net;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using OrleansNotify.Api.Tests.Support;

namespace OrleansNotify.Api.Tests;

/// <summary>Errors are written exactly in SendGrid's shape: no <c>id</c>, <c>field</c> may be null, <c>help</c> only as a link.</summary>
[Collection(SiloCollection.Name)]
public sealed class ErrorShapeTests(SiloFixture silo)
{
    [Fact]
    public async Task GetPortal_Unknown_WritesMessageAndFieldOnly()
    {
        var portalId = ApiCalls.NewPortalId();

        var text = await TextAsync(await silo.Admin.GetAsync(new Uri($"/v1/portals/{portalId}", UriKind.Relative)), HttpStatusCode.NotFound);

        Assert.Equal($$"""{"errors":[{"message":"Portal '{{portalId}}' does not exist.","field":"portalId"}]}""", text);
    }

    [Fact]
    public async Task ListPortals_NoKey_WritesNullFieldAndNoId()
    {
        using var anonymous = silo.CreateClient();

        var text = await TextAsync(await anonymous.GetAsync(new Uri("/v1/portals", UriKind.Relative)), HttpStatusCode.Unauthorized);

        Assert.Equal("""{"errors":[{"message":"The provided authorization grant is invalid, expired, or revoked","field":null}]}""", text);
    }

    [Fact]
    public async Task SubmitMessage_InvalidMail_EveryErrorHasOnlyMessageFieldAndLinkHelp()
    {
        var (portalId, _) = await silo.CreatePickupPortalAsync();
        const string mail = """{"personalizations":[{"to":[{"email":"not-an-address"}]}],"subject":"Hi","content":[{"type":"text/plain","value":"x"}]}""";

        var text = await TextAsync(await silo.Admin.PostJsonAsync($"/v1/portals/{portalId}/messages", mail), HttpStatusCode.BadRequest);

        var root = JsonDocument.Parse(text).RootElement;
        Assert.Equal(["errors"], root.EnumerateObject().Select(p => p.Name));
        Assert.NotEmpty(root.GetProperty("errors").EnumerateArray());
        foreach (var error in root.GetProperty("errors").EnumerateArray())
        {
            Assert.Equal(["message", "field", "help"], error.EnumerateObject().Select(p => p.Name));
            Assert.True(Uri.TryCreate(error.GetProperty("help").GetString(), UriKind.Absolute, out var help), text);
            Assert.Equal(Uri.UriSchemeHttps, help.Scheme);
        }
    }

    [Fact]
    public async Task PutPortal_ManyInvalidSettings_HelpIsALinkOrAbsent()
    {
        const string portal = """
            {"notifier":{"kind":"smtp","host":"mail.example.com","port":25,"security":"ssl"},
             "webhook":{"publicKey":"not-a-key"},
             "defaults":{"from":{"email":"nobody"},"categories":["a","a"]}}
            """;

        var text = await TextAsync(await silo.Admin.PutJsonAsync($"/v1/portals/{ApiCalls.NewPortalId()}", portal), HttpStatusCode.BadRequest);

        AssertHelpIsLinkOrAbsent(text, expectedErrors: 4);
    }

    [Fact]
    public async Task PutPortal_UnknownKind_ExplainsTheKindsInTheMessage()
    {
        var text = await TextAsync(await silo.Admin.PutJsonAsync($"/v1/portals/{ApiCalls.NewPortalId()}", """{"notifier":{"kind":"fax"}}"""),
            HttpStatusCode.BadRequest);

        var error = AssertHelpIsLinkOrAbsent(text, expectedErrors: 1)[0];
        Assert.Contains("sendgrid-smtp", error.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SubmitMessage_BadAddressAndCategories_HelpIsALink()
    {
        var (portalId, _) = await silo.CreatePickupPortalAsync();
        const string mail = """
            {"personalizations":[{"to":[{"email":"to@example.com"}]}],"from":{"email":"nobody"},"subject":"Hi",
             "categories":["x","x"],"content":[{"type":"text/plain","value":"x"}]}
            """;

        var text = await TextAsync(await silo.Admin.PostJsonAsync($"/v1/portals/{portalId}/messages", mail), HttpStatusCode.BadRequest);

        Assert.All(AssertHelpIsLinkOrAbsent(text, expectedErrors: 2), e => Assert.True(e.TryGetProperty("help", out _), text));
    }

    /// <summary>Every error's help, when present, is an absolute https link; returns the errors.</summary>
    private static JsonElement[] AssertHelpIsLinkOrAbsent(string text, int expectedErrors)
    {
        var errors = JsonDocument.Parse(text).RootElement.GetProperty("errors").EnumerateArray().ToArray();
        Assert.True(errors.Length == expectedErrors, text);
        foreach (var error in errors)
        {
            if (error.TryGetProperty("help", out var help))
            {
                Assert.True(Uri.TryCreate(help.GetString(), UriKind.Absolute, out var link) && link.Scheme == Uri.UriSchemeHttps, text);
            }
        }

        return errors;
    }

    private static readonly JsonSerializerOptions Relaxed = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The same members in the same order, with <c>'</c> written as itself instead of <c>\u0027</c>.</summary>
    private static string Unescaped(string json) => JsonNode.Parse(json)!.ToJsonString(Relaxed);

    private static async Task<string> TextAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        using (response)
        {
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == status, $"Expected {(int)status}, got {(int)response.StatusCode}: {text}");
            return Unescaped(text);
        }
    }
}
