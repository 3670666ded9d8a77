using TelecomContactCenter.Server;
using TelecomContactCenter.Server.Auth;
using TelecomContactCenter.Server.Data;
using TelecomContactCenter.Server.DemoData;

if (SchemaScript.TryRun(args))
{
    return;
}

var builder = WebApplication.CreateBuilder(args);
builder.AddWebApi();
builder.AddDatabase();
builder.AddContactCenterAuth();
builder.AddDemoData();

var app = builder.Build();
app.UseWebApi();
app.MapHealth();
var api = app.MapGroup("/api").RequireAuthorization();
api.MapAuth();

app.Run();

public partial class Program;
