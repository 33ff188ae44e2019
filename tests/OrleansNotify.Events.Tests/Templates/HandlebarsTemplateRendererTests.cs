using OrleansNotify.Templates;

namespace OrleansNotify.Events.Tests.Templates;

public sealed class HandlebarsTemplateRendererTests
{
    private readonly HandlebarsTemplateRenderer _renderer = new();

    private RenderedEmail Render(string? subject, string? html, string? text, string data) =>
        _renderer.Render(null, new EventTemplate { Subject = subject, Html = html, Text = text }, data);

    [Fact]
    public void Render_HtmlPart_EscapesValues()
    {
        var rendered = Render(null, "<p>{{name}}</p>", null, """{"name":"<script>alert('x')</script> & co"}""");
        Assert.DoesNotContain("<script>", rendered.Html, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;", rendered.Html, StringComparison.Ordinal);
        Assert.Contains("&amp; co", rendered.Html, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_TripleStash_LeavesHtmlAsGiven()
    {
        var rendered = Render(null, "<div>{{{snippet}}}</div>", null, """{"snippet":"<b>bold</b>"}""");
        Assert.Equal("<div><b>bold</b></div>", rendered.Html);
    }

    [Fact]
    public void Render_SubjectAndText_AreNotHtmlEscaped()
    {
        var rendered = Render("Re: {{title}}", null, "{{title}}", """{"title":"Tom & Jerry <3"}""");
        Assert.Equal("Re: Tom & Jerry <3", rendered.Subject);
        Assert.Equal("Tom & Jerry <3", rendered.Text);
    }

    [Fact]
    public void Render_MissingFields_RenderEmpty()
    {
        var rendered = Render("Hi {{user.name}}!", "<p>{{nothing}}</p>", "[{{a.b.c}}]", """{"user":{}}""");
        Assert.Equal("Hi !", rendered.Subject);
        Assert.Equal("<p></p>", rendered.Html);
        Assert.Equal("[]", rendered.Text);
    }

    [Fact]
    public void Render_EachAndIf_FollowTheData()
    {
        const string text = "{{#each items}}{{name}}={{qty}};{{/each}}{{#if vip}}VIP{{else}}regular{{/if}}{{#unless vip}}!{{/unless}}";
        var rendered = Render(null, null, text, """{"items":[{"name":"a","qty":1},{"name":"b","qty":2.5}],"vip":false}""");
        Assert.Equal("a=1;b=2.5;regular!", rendered.Text);
        var vip = Render(null, null, text, """{"items":[],"vip":true}""");
        Assert.Equal("VIP", vip.Text);
    }

    [Fact]
    public void Render_NonAsciiText_StaysUtf8()
    {
        var rendered = Render("{{greeting}} 🎉", "<p>{{greeting}}</p>", "{{greeting}}", """{"greeting":"Grüße, Zoë — 你好"}""");
        Assert.Equal("Grüße, Zoë — 你好 🎉", rendered.Subject);
        Assert.Equal("Grüße, Zoë — 你好", rendered.Text);
        Assert.Contains("Zoë", rendered.Html, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_SameCacheKey_CompilesOnceAndReusesTheVersion()
    {
        var first = _renderer.Render("p\nt\n1", new EventTemplate { Text = "v1 {{x}}" }, """{"x":1}""");
        // Same key: the cached (immutable) version is used even if a caller passes other text.
        var again = _renderer.Render("p\nt\n1", new EventTemplate { Text = "v2 {{x}}" }, """{"x":2}""");
        Assert.Equal("v1 1", first.Text);
        Assert.Equal("v1 2", again.Text);
    }

    [Theory]
    [InlineData("line one\n{{#if ok}}\nyes\n{{/each}}\n", 4)]
    [InlineData("fine\nstill fine\n{{name\n", 3)]
    public void Check_BrokenTemplate_NamesPartAndLine(string html, int line)
    {
        var errors = _renderer.Check(new EventTemplate { Subject = "ok {{x}}", Html = html });
        var error = Assert.Single(errors);
        Assert.Equal("html", error.Field);
        Assert.Equal(line, error.Line);
    }

    [Fact]
    public void Check_GoodTemplate_NoErrors() =>
        Assert.Empty(_renderer.Check(new EventTemplate { Subject = "{{a}}", Html = "{{#each b}}{{this}}{{/each}}", Text = "{{#if c}}x{{/if}}" }));
}
