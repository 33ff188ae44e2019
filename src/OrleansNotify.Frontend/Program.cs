using OrleansNotify.Api;
using OrleansNotify.Frontend.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.AddNotifyFrontend();
builder.Services.AddNotifyApi();

var app = builder.Build();
app.MapNotifyApi();
await app.RunAsync();

/// <summary>Visible to test hosts.</summary>
public partial class Program;
