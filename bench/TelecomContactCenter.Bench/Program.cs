using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;
using TelecomContactCenter.Bench;

// Customer-360 lookup by phone: the host's hot path against a raw ADO.NET point lookup on the same SQLite file.
// Usage: dotnet run -c Release --project bench/TelecomContactCenter.Bench -- <customers> [lookups] [database-folder]
var customers = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 100_000;
var lookups = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 50_000;
var folder = Path.GetFullPath(args.Length > 2 ? args[2] : Path.Combine("bench", "data"));
var databasePath = Path.Combine(folder, $"bench-{customers}.db");

var setup = Stopwatch.StartNew();
await using var host = await BenchHost.StartAsync(databasePath, customers);
Console.Error.WriteLine($"setup (seed/evaluate if new): {setup.Elapsed.TotalSeconds:0.0} s");

var random = new Random(1);
var phones = Enumerable.Range(0, lookups).Select(_ => $"+86139{random.Next(1, customers + 1):D8}").ToArray();

var hostPath = await Measure.RunAsync(phones, host.LookupAsync);

await using var connection = new SqliteConnection($"Data Source={databasePath};Mode=ReadOnly");
await connection.OpenAsync();
await using var command = connection.CreateCommand();
command.CommandText = "SELECT \"View\", \"OpenComplaintCount\" FROM customer_profiles WHERE \"Phone\" = $phone";
var parameter = command.Parameters.Add("$phone", SqliteType.Text);
await command.PrepareAsync();
async Task<int> RawAsync(string phone)
{
    parameter.Value = phone;
    await using var reader = await command.ExecuteReaderAsync();
    return await reader.ReadAsync() ? reader.GetString(0).Length : 0;
}

var raw = await Measure.RunAsync(phones, RawAsync);

var culture = CultureInfo.InvariantCulture;
Console.WriteLine(string.Create(culture,
    $"| {customers:N0} | customer 360 (host: DI scope, CustomerLookup, snapshot row, stored JSON) | {hostPath.P50:0.0} | {hostPath.P99:0.0} | {hostPath.Mean:0.0} |"));
Console.WriteLine(string.Create(culture,
    $"| {customers:N0} | raw ADO.NET point lookup (prepared, open connection) | {raw.P50:0.0} | {raw.P99:0.0} | {raw.Mean:0.0} |"));
Console.WriteLine(string.Create(culture,
    $"| {customers:N0} | ratio host / raw | {hostPath.P50 / raw.P50:0.0}× | {hostPath.P99 / raw.P99:0.0}× | |"));
