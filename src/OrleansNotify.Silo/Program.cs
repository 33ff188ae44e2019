var builder = WebApplication.CreateBuilder(args);
var app = builder.Build();
app.Run();

/// <summary>Visible to WebApplicationFactory in the API tests.</summary>
public partial class Program;
