using TelecomContactCenter.Server;
using TelecomContactCenter.Server.Auth;
using TelecomContactCenter.Server.Bss;
using TelecomContactCenter.Server.Customers;
using TelecomContactCenter.Server.Data;
using TelecomContactCenter.Server.DemoData;
using TelecomContactCenter.Server.Profiles;
using TelecomContactCenter.Server.Routing;

if (SchemaScript.TryRun(args))
{
    return;
}

var builder = WebApplication.CreateBuilder(args);
builder.AddWebApi();
builder.AddDatabase();
builder.AddContactCenterAuth();
builder.AddDemoData();
builder.AddProfiles();
builder.AddCustomers();
builder.AddCustomerSource();
builder.AddCallRouting();

var app = builder.Build();
app.UseWebApi();
app.MapHealth();
var api = app.MapGroup("/api").RequireAuthorization();
api.MapAuth();
api.MapCustomers();
api.MapRouting();

app.Run();

public partial class Program;
