using Microsoft.AspNetCore.SignalR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using TelecomContactCenter.Core.Complaints;
using TelecomContactCenter.Server.Complaints;
using TelecomContactCenter.Server.Data;
using TelecomContactCenter.Server.Hubs;

namespace TelecomContactCenter.Server.Supervision;

/// <summary>
/// Evaluates open complaints with Core's SLA clock and raises each threshold (50/75/100%) once, persisted in
/// sla_alerts: to supervisors, to the owner, and for VIP complaints to the account manager (the hub user named by
/// their e-mail). At 100% the complaint is escalated to the back office where its workflow permits, as actor
/// "sla-monitor" in its audit trail. A DI scope per scan, on a timer built on the host's <see cref="TimeProvider"/>.
/// </summary>
internal sealed partial class SlaMonitor(
    IServiceScopeFactory scopes, IOptions<SupervisionOptions> options, TimeProvider timeProvider,
    IHubContext<SupervisorHub, ISupervisorClient> supervisors, IHubContext<AgentHub, IAgentClient> agents, BoardChanges board,
    ILogger<SlaMonitor> logger) : BackgroundService
{
    public const string Actor = "sla-monitor";
    private static readonly int[] Thresholds = [50, 75, 100];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.SlaScanInterval, timeProvider);
        do
        {
            try
            {
                await ScanAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogScanFailed(logger, ex);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    /// <summary>One pass over the open complaints; returns the alerts raised.</summary>
    public async Task<IReadOnlyList<SlaAlertView>> ScanAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ContactCenterDbContext>();
        var sla = scope.ServiceProvider.GetRequiredService<ComplaintSla>();
        var now = timeProvider.GetUtcNow();
        var open = await ComplaintQueries.WithHistory(db.Complaints)
            .Where(c => !ComplaintStates.Terminal.Contains(c.State)).ToListAsync(cancellationToken);
        var raised = (await db.Set<SlaAlertRecord>().AsNoTracking().Select(a => new { a.ComplaintId, a.Threshold }).ToListAsync(cancellationToken))
            .Select(a => (a.ComplaintId, a.Threshold)).ToHashSet();
        var alerts = new List<(SlaAlertView View, bool Vip)>();
        var workflow = sla.Workflow;
        foreach (var complaint in open)
        {
            var status = sla.StatusOf(complaint, now);
            var key = complaint.Id.Value.ToString();
            foreach (var threshold in Thresholds.Where(t => status.FractionConsumed * 100 >= t && !raised.Contains((key, t))))
            {
                var escalated = false;
                var detail = $"{threshold}% of the {complaint.TierAtCreation} SLA consumed; due {status.DueAt:u}";
                if (threshold == 100 && options.Value.EscalateOnBreach && workflow.CanFire(complaint, ComplaintTrigger.EscalateToBackOffice, now))
                {
                    workflow.Fire(complaint, ComplaintTrigger.EscalateToBackOffice, Actor, "SLA breached: escalated by the SLA monitor", now);
                    escalated = true;
                    detail += "; escalated to the back office";
                }

                db.Set<SlaAlertRecord>().Add(new SlaAlertRecord
                {
                    ComplaintId = key,
                    Threshold = threshold,
                    RaisedAt = now,
                    Owner = complaint.Owner,
                    Escalated = escalated,
                    Detail = detail,
                });
                alerts.Add((new SlaAlertView(complaint.Id.Value, long.Parse(complaint.CustomerId), complaint.Owner,
                    complaint.TierAtCreation.ToString(), threshold, status.Band.ToString(), status.DueAt,
                    Math.Round(status.FractionConsumed * 100, 1), escalated, detail, now), complaint.IsVip));
            }
        }

        if (alerts.Count == 0)
        {
            return [];
        }

        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException ex)
        {
            // Someone changed a complaint while we escalated it; the next scan sees the new version and retries.
            LogSaveConflict(logger, ex);
            return [];
        }

        await NotifyAsync(db, alerts, cancellationToken);
        board.Changed();
        return alerts.Select(a => a.View).ToList();
    }

    private async Task NotifyAsync(ContactCenterDbContext db, List<(SlaAlertView View, bool Vip)> alerts, CancellationToken cancellationToken)
    {
        var vipCustomers = alerts.Where(a => a.Vip).Select(a => a.View.CustomerId).Distinct().ToList();
        var managers = await db.Customers.AsNoTracking().Where(c => vipCustomers.Contains(c.Id) && c.AccountManager != null)
            .Select(c => new { c.Id, c.AccountManager!.Email }).ToDictionaryAsync(c => c.Id, c => c.Email, cancellationToken);
        foreach (var (alert, vip) in alerts)
        {
            LogAlert(logger, alert.ComplaintId, alert.Threshold, alert.Escalated);
            await supervisors.Clients.All.SlaAlert(alert);
            await agents.Clients.User(alert.Owner).SlaAlert(alert);
            if (vip && managers.TryGetValue(alert.CustomerId, out var manager))
            {
                await agents.Clients.User(manager).SlaAlert(alert);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Complaint {ComplaintId} crossed {Threshold}% of its SLA (escalated: {Escalated})")]
    private static partial void LogAlert(ILogger logger, Guid complaintId, int threshold, bool escalated);

    [LoggerMessage(Level = LogLevel.Error, Message = "SLA scan failed")]
    private static partial void LogScanFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "SLA alerts not saved (a complaint changed meanwhile); retrying next scan")]
    private static partial void LogSaveConflict(ILogger logger, Exception exception);
}
