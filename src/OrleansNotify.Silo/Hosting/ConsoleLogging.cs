namespace OrleansNotify.Silo.Hosting;

/// <summary>
/// Structured console logs: one JSON object per line with scopes and UTC timestamps, so message and
/// portal ids stay fields. <c>Logging:Console:FormatterName=simple</c> switches to plain text.
/// </summary>
public static class ConsoleLogging
{
    public static WebApplicationBuilder AddStructuredConsoleLogs(this WebApplicationBuilder builder)
    {
        if (string.IsNullOrEmpty(builder.Configuration["Logging:Console:FormatterName"]))
        {
            builder.Logging.AddJsonConsole(json =>
            {
                json.IncludeScopes = true;
                json.UseUtcTimestamp = true;
                json.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
            });
        }

        return builder;
    }
}
