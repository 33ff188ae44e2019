using OrleansNotify.Api;
using OrleansNotify.Silo.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.AddNotifySilo();
builder.Services.AddNotifyApi();

var app = builder.Build();
app.MapNotifyApi();
app.Run();

/// <summary>Visible to WebApplicationFactory in the API tests.</summary>
public partial class Program;
