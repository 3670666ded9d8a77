using Microsoft.EntityFrameworkCore;

namespace TelecomContactCenter.Server.Data;

/// <summary>
/// <c>dotnet run -- --schema-script sqlite|postgres</c> prints the DDL EF would create for the current model.
/// Authors of a new migration diff it against the previous output to write the next NNNN script by hand.
/// </summary>
internal static class SchemaScript
{
    public static bool TryRun(string[] args)
    {
        var index = Array.IndexOf(args, "--schema-script");
        if (index < 0)
        {
            return false;
        }

        var provider = args.Length > index + 1 ? args[index + 1] : "sqlite";
        var options = new DbContextOptionsBuilder<ContactCenterDbContext>();
        if (provider == "postgres")
        {
            options.UseNpgsql("Host=localhost");
        }
        else
        {
            options.UseSqlite("Data Source=:memory:");
        }

        using var db = new ContactCenterDbContext(options.Options);
        Console.WriteLine(db.Database.GenerateCreateScript());
        return true;
    }
}
