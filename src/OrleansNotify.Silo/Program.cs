using OrleansNotify.Api;
using OrleansNotify.Silo.Hosting;

if (MigrateCommand.IsRequested(args))
{
    return await MigrateCommand.RunAsync(args, Console.Out);
}

var builder = WebApplication.CreateBuilder(args);
builder.AddNotifySilo();
builder.Services.AddNotifyApi();

var app = builder.Build();
app.MapNotifyApi();
await app.RunAsync();
return 0;

/// <summary>Visible to WebApplicationFactory in the API tests.</summary>
public partial class Program;
