using TelecomContactCenter.Server;
using TelecomContactCenter.Server.Agents;
using TelecomContactCenter.Server.Auth;
using TelecomContactCenter.Server.Bridge;
using TelecomContactCenter.Server.Bss;
using TelecomContactCenter.Server.Callbacks;
using TelecomContactCenter.Server.Capacity;
using TelecomContactCenter.Server.Complaints;
using TelecomContactCenter.Server.Contact;
using TelecomContactCenter.Server.Customers;
using TelecomContactCenter.Server.Data;
using TelecomContactCenter.Server.DemoData;
using TelecomContactCenter.Server.Discounts;
using TelecomContactCenter.Server.Ivr;
using TelecomContactCenter.Server.Ivr.Callbacks;
using TelecomContactCenter.Server.Offers;
using TelecomContactCenter.Server.Profiles;
using TelecomContactCenter.Server.Routing;
using TelecomContactCenter.Server.Supervision;
using TelecomContactCenter.Server.Telephony;
using TelecomContactCenter.Server.Web;

if (SchemaScript.TryRun(args))
{
    return;
}

var builder = WebApplication.CreateBuilder(args);
builder.AddWebApi();
builder.AddDatabase();
builder.AddContactCenterAuth();
builder.AddProfiles();
builder.AddReasonCapture();
builder.AddCustomers();
builder.AddComplaints();
builder.AddOffers();
builder.AddDiscounts();
builder.AddCustomerSource();
builder.AddCallRouting();
builder.AddDemoData();
builder.AddTelephony();
builder.AddContactCentre();
builder.AddIvr();
builder.AddBridge();
builder.AddCallbacks();
builder.AddCapacity();
builder.AddWebUi();

var app = builder.Build();
app.UseWebApi();
app.UseWebUi();
app.MapHealth();
var api = app.MapGroup("/api").RequireAuthorization().WithRequestLimits();
api.MapAuth();
api.MapCustomers();
api.MapReasons();
api.MapComplaints();
api.MapOffers();
api.MapDiscounts();
api.MapRouting();
api.MapCallbacks();
api.MapMyWork();
api.MapCustomerOfferHistory();
api.MapWallboard();
app.MapContactCentre();
app.MapWebUi();

app.Run();

public partial class Program;
