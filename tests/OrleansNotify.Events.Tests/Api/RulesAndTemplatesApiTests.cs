using System.Net;
using OrleansNotify.Events.Tests.Support;

namespace OrleansNotify.Events.Tests.Api;

[Collection(HttpCollection.Name)]
public sealed class RulesAndTemplatesApiTests(HttpSiloFixture fixture)
{
    private readonly EventsSilo _silo = fixture.Silo;

    [Fact]
    public async Task PutTemplate_Twice_KeepsVersionsAndServesNewest()
    {
        var (portalId, _) = await _silo.CreatePickupPortalAsync();
        var url = $"/v1/portals/{portalId}/templates/welcome";

        var v1 = await _silo.Admin.PutAsync(url, """{"subject":"One","text":"first"}""", HttpStatusCode.Created);
        var v2 = await _silo.Admin.PutAsync(url, """{"subject":"Two","text":"second"}""", HttpStatusCode.OK);

        Assert.Equal(1, v1.GetProperty("version").GetInt32());
        Assert.Equal(2, v2.GetProperty("version").GetInt32());
        var newest = await _silo.Admin.SendAsync(HttpMethod.Get, url, null, HttpStatusCode.OK);
        Assert.Equal("Two", newest.GetProperty("subject").GetString());
        var old = await _silo.Admin.SendAsync(HttpMethod.Get, url + "?version=1", null, HttpStatusCode.OK);
        Assert.Equal("first", old.GetProperty("text").GetString());
    }

    [Fact]
    public async Task PutTemplate_CompileError_400NamesPartAndLineAndKeepsOldVersion()
    {
        var (portalId, _) = await _silo.CreatePickupPortalAsync();
        var url = $"/v1/portals/{portalId}/templates/broken";
        await _silo.Admin.PutAsync(url, """{"subject":"ok","html":"<p>fine</p>"}""", HttpStatusCode.Created);

        var body = await _silo.Admin.PutAsync(url, """{"subject":"ok","html":"<p>\n{{#if x}}\nyes\n{{/each}}</p>"}""", HttpStatusCode.BadRequest);

        Assert.Equal(["html"], body.ErrorFields());
        Assert.Contains("line 4", body.GetProperty("errors")[0].GetProperty("message").GetString(), StringComparison.Ordinal);
        var current = await _silo.Admin.SendAsync(HttpMethod.Get, url, null, HttpStatusCode.OK);
        Assert.Equal(1, current.GetProperty("version").GetInt32());
    }

    [Theory]
    [InlineData("""{"html":"<p>x</p>"}""", "subject")]
    [InlineData("""{"subject":"no body"}""", "html")]
    [InlineData("""{"subject":5}""", "subject")]
    public async Task PutTemplate_Invalid_400NamesField(string json, string field)
    {
        var (portalId, _) = await _silo.CreatePickupPortalAsync();
        var body = await _silo.Admin.PutAsync($"/v1/portals/{portalId}/templates/t", json, HttpStatusCode.BadRequest);
        // A value of the wrong type is named by its JSON path ($.subject), like the other endpoints do.
        Assert.Contains(body.ErrorFields(), f => f is not null && (f == field || f.EndsWith("." + field, StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Preview_SampleData_RendersEscapedHtmlAndPlainSubject()
    {
        var (portalId, _) = await _silo.CreatePickupPortalAsync();
        await _silo.Admin.PutAsync($"/v1/portals/{portalId}/templates/video", EventCalls.VideoTemplate, HttpStatusCode.Created);

        var body = await _silo.Admin.PostAsync($"/v1/portals/{portalId}/templates/video/preview",
            """{"title":"A & B","owner":{"name":"Zoë"}}""", HttpStatusCode.OK);

        Assert.Equal("New video: A & B", body.GetProperty("subject").GetString());
        Assert.Equal("<p>A &amp; B by Zoë</p>", body.GetProperty("html").GetString());
        Assert.Equal("A & B by Zoë", body.GetProperty("text").GetString());
    }

    [Fact]
    public async Task PutRule_ThenGet_ShowsPathOrFixedRecipients()
    {
        var (portalId, _) = await _silo.CreatePickupPortalAsync();
        var url = $"/v1/portals/{portalId}/rules/order.shipped";

        await _silo.Admin.PutAsync(url, """{"templateId":"t","recipients":["ops@example.com"]}""", HttpStatusCode.Created);
        var fixedList = await _silo.Admin.SendAsync(HttpMethod.Get, url, null, HttpStatusCode.OK);
        await _silo.Admin.PutAsync(url, """{"templateId":"t","recipients":"data.customer.email"}""", HttpStatusCode.OK);
        var path = await _silo.Admin.SendAsync(HttpMethod.Get, url, null, HttpStatusCode.OK);

        Assert.Equal("ops@example.com", fixedList.GetProperty("recipients")[0].GetString());
        Assert.Equal("data.customer.email", path.GetProperty("recipients").GetString());
    }

    [Theory]
    [InlineData("""{"recipients":"data.a"}""", "templateId")]
    [InlineData("""{"templateId":"t","sendGridTemplateId":"d-1"}""", "templateId")]
    [InlineData("""{"templateId":"t","recipients":"owner.email"}""", "recipients")]
    [InlineData("""{"templateId":"t","recipients":["ok@example.com","nope"]}""", "recipients.1")]
    [InlineData("""{"templateId":"t","from":{"email":"x"}}""", "from.email")]
    [InlineData("""{"sendGridTemplateId":"d-123"}""", "sendGridTemplateId")]
    public async Task PutRule_Invalid_400NamesField(string json, string field)
    {
        // A pickup portal: a SendGrid template id is refused there too.
        var (portalId, _) = await _silo.CreatePickupPortalAsync();
        var body = await _silo.Admin.PutAsync($"/v1/portals/{portalId}/rules/a.b", json, HttpStatusCode.BadRequest);
        Assert.Equal([field], body.ErrorFields());
    }
}
