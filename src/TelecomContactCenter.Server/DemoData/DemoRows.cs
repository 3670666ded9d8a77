using TelecomContactCenter.Server.Customers;
using TelecomContactCenter.Server.Data;
using TelecomContactCenter.Server.Interactions;

namespace TelecomContactCenter.Server.DemoData;

/// <summary>Writes generated customers through the <see cref="BulkWriter"/>, table by table, one batch at a time.</summary>
internal static class DemoRows
{
    public static async Task WriteReferenceDataAsync(
        ContactCenterDbContext db, BulkWriter writer, DemoPopulation population, CancellationToken cancellationToken)
    {
        await writer.WriteAsync(db, "group_accounts", ["Id", "Name", "IsStrategic", "IsSme", "AgreementEndsAt"],
            population.Groups.Select(g => new object?[] { g.Id, g.Name, g.IsStrategic, g.IsSme, g.AgreementEndsAt }),
            cancellationToken);
        await writer.WriteAsync(db, "account_managers", ["Id", "Name", "Phone", "Email", "UserName"],
            population.AccountManagers.Select(a => new object?[] { a.Id, a.Name, a.Phone, a.Email, a.UserName }), cancellationToken);
        await writer.ResetIdentityAsync(db, "group_accounts", cancellationToken);
        await writer.ResetIdentityAsync(db, "account_managers", cancellationToken);
    }

    public static async Task WriteBatchAsync(
        ContactCenterDbContext db, BulkWriter writer, IReadOnlyList<DemoCustomer> batch, CancellationToken cancellationToken)
    {
        await writer.WriteAsync(db, "customers",
            ["Id", "Phone", "Name", "Gender", "Status", "IsPrepaid", "ActivatedAt", "ExitedAt", "ArrearsDays", "LastChargeableEventAt",
             "CommitmentEndsAt", "CommitmentRenewed", "GroupAccountId", "KeyContactRole", "AccountManagerId"],
            batch.Select(d => d.Customer).Select(c => new object?[]
            {
                c.Id, c.Phone, c.Name, c.Gender, c.Status, c.IsPrepaid, c.ActivatedAt, c.ExitedAt, c.ArrearsDays,
                c.LastChargeableEventAt, c.CommitmentEndsAt, c.CommitmentRenewed, c.GroupAccountId, c.KeyContactRole,
                c.AccountManagerId,
            }),
            cancellationToken);
        await writer.WriteAsync(db, "monthly_bills", ["CustomerId", "Month", "Amount", "CostToServe"],
            batch.SelectMany(d => d.Bills).Select(b => new object?[] { b.CustomerId, b.Month, b.Amount, b.CostToServe }),
            cancellationToken);
        await writer.WriteAsync(db, "monthly_usage", ["CustomerId", "Month", "VoiceMinutes", "DataMegabytes"],
            batch.SelectMany(d => d.Usage).Select(u => new object?[] { u.CustomerId, u.Month, u.VoiceMinutes, u.DataMegabytes }),
            cancellationToken);
        await writer.WriteAsync(db, "products", ["CustomerId", "Kind", "Name", "MonthlyFee", "AddedAt", "RemovedAt"],
            batch.SelectMany(d => d.Products).Select(p => new object?[]
            {
                p.CustomerId, p.Kind, p.Name, p.MonthlyFee, p.AddedAt, p.RemovedAt,
            }),
            cancellationToken);
        await writer.WriteAsync(db, "interactions",
            ["CustomerId", "Caller", "Channel", "StartedAt", "EndedAt", "ReasonCode", "Agent", "Disposition"],
            batch.SelectMany(d => d.Interactions).Select(i => new object?[]
            {
                i.CustomerId, i.Caller, i.Channel, i.StartedAt, i.EndedAt, i.ReasonCode, i.Agent, i.Disposition,
            }),
            cancellationToken);
    }

    public static Task ResetCustomerIdentityAsync(ContactCenterDbContext db, BulkWriter writer, CancellationToken cancellationToken) =>
        writer.ResetIdentityAsync(db, "customers", cancellationToken);
}
