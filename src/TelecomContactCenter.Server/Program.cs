using TelecomContactCenter.Server;

var builder = WebApplication.CreateBuilder(args);
builder.AddContactCentreFeatures();

var app = builder.Build();
app.MapContactCentreFeatures();

app.Run();

public partial class Program;
