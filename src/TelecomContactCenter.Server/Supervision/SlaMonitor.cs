using Microsoft.AspNetCore.SignalR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using TelecomContactCenter.Core.Complaints;
using TelecomContactCenter.Server.Complaints;
using TelecomContactCenter.Server.Data;
using TelecomContactCenter.Server.Hubs;
using TelecomContactCenter.Server.Wallboard;

namespace TelecomContactCenter.Server.Supervision;

/// <summary>
/// Evaluates open complaints with Core's SLA clock and raises each of a complaint's alert points once, persisted in
/// sla_alerts: the tier's alert point (domain.md §3.2: Platinum/Gold 50%, Silver/Standard 75%) and the breach at
/// 100%, to supervisors, to the owner, and for VIP complaints to the account manager (by their user name on the
/// agent hub). A VIP complaint whose tier notifies the account manager on creation (Sla:&lt;Tier&gt;:NotifyAccountManagerOnCreation)
/// also raises <see cref="OpenedThreshold"/> as it is created (<see cref="ScanComplaintAsync"/>), to the account manager alone. At 100% the
/// complaint is escalated where its workflow permits, a VIP one to the big-customer department and any other to
/// the back office, as actor "sla-monitor" in its audit trail. A DI scope per scan, on a timer built on the host's
/// <see cref="TimeProvider"/>.
/// </summary>
internal sealed partial class SlaMonitor(
    IServiceScopeFactory scopes, IOptions<SupervisionOptions> options, TimeProvider timeProvider,
    IHubContext<SupervisorHub, ISupervisorClient> supervisors, IHubContext<AgentHub, IAgentClient> agents, BoardChanges board,
    ILogger<SlaMonitor> logger) : BackgroundService
{
    public const string Actor = "sla-monitor";

    /// <summary>The alert point of "a VIP complaint has opened": 0% of the SLA.</summary>
    public const int OpenedThreshold = 0;

    private const int Breach = 100;

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
    public Task<IReadOnlyList<SlaAlertView>> ScanAsync(CancellationToken cancellationToken) => ScanAsync(null, cancellationToken);

    /// <summary>
    /// The alert points one complaint has reached now, raised at once: called when a complaint opens, so a VIP's
    /// account manager hears of it at creation (REST and hub alike), not at the next scan.
    /// </summary>
    public Task<IReadOnlyList<SlaAlertView>> ScanComplaintAsync(ComplaintId id, CancellationToken cancellationToken) => ScanAsync(id, cancellationToken);

    private async Task<IReadOnlyList<SlaAlertView>> ScanAsync(ComplaintId? only, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ContactCenterDbContext>();
        var sla = scope.ServiceProvider.GetRequiredService<ComplaintSla>();
        var now = timeProvider.GetUtcNow();
        var query = ComplaintQueries.WithHistory(db.Complaints).Where(c => !ComplaintStates.Terminal.Contains(c.State));
        var alertRows = db.Set<SlaAlertRecord>().AsNoTracking();
        if (only is { } id)
        {
            var key = id.Value.ToString();
            query = query.Where(c => c.Id == id);
            alertRows = alertRows.Where(a => a.ComplaintId == key);
        }

        var open = await query.ToListAsync(cancellationToken);
        var raised = (await alertRows.Select(a => new { a.ComplaintId, a.Threshold }).ToListAsync(cancellationToken))
            .Select(a => (a.ComplaintId, a.Threshold)).ToHashSet();
        var alerts = new List<(SlaAlertView View, bool Vip)>();
        var workflow = sla.Workflow;
        foreach (var complaint in open)
        {
            var status = sla.StatusOf(complaint, now);
            var key = complaint.Id.Value.ToString();
            var points = AlertPoints(complaint, sla.Policy.TargetFor(complaint));
            foreach (var threshold in points.Where(t => status.FractionConsumed * 100 >= t && !raised.Contains((key, t))))
            {
                var escalated = false;
                var detail = threshold == OpenedThreshold
                    ? $"{complaint.TierAtCreation} complaint opened; due {status.DueAt:u}"
                    : $"{threshold}% of the {complaint.TierAtCreation} SLA consumed; due {status.DueAt:u}";
                if (threshold == Breach && options.Value.EscalateOnBreach)
                {
                    TakeOnForEscalation(workflow, complaint, now);
                }

                if (threshold == Breach && options.Value.EscalateOnBreach && workflow.CanFire(complaint, ComplaintTrigger.EscalateToBackOffice, now))
                {
                    var unit = complaint.IsVip ? options.Value.VipEscalationDepartment : "the back office";
                    workflow.Fire(complaint, ComplaintTrigger.EscalateToBackOffice, Actor, $"SLA breached: escalated by the SLA monitor to {unit}", now);
                    escalated = true;
                    detail += $"; escalated to {unit}";
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

    /// <summary>
    /// A complaint nobody has started working (Captured, Open, Reopened) cannot be escalated from where it is: at the
    /// breach the monitor takes it on (Classify, StartWork, each in its audit trail as the monitor) so it is escalated
    /// like any other, however it was opened.
    /// </summary>
    private static void TakeOnForEscalation(ComplaintWorkflow workflow, Complaint complaint, DateTimeOffset now)
    {
        foreach (var step in new[] { ComplaintTrigger.Classify, ComplaintTrigger.StartWork })
        {
            if (workflow.CanFire(complaint, step, now))
            {
                workflow.Fire(complaint, step, Actor, "SLA breached before work started: taken on for escalation", now);
            }
        }
    }

    /// <summary>The tier's alert point and the breach; for a VIP whose tier says so, the opening first.</summary>
    private static IEnumerable<int> AlertPoints(Complaint complaint, SlaTarget target)
    {
        if (complaint.IsVip && target.NotifyAccountManagerOnCreation)
        {
            yield return OpenedThreshold;
        }

        if (target.SupervisorAlertPercent is > 0 and < Breach)
        {
            yield return target.SupervisorAlertPercent;
        }

        yield return Breach;
    }

    private async Task NotifyAsync(ContactCenterDbContext db, List<(SlaAlertView View, bool Vip)> alerts, CancellationToken cancellationToken)
    {
        var vipCustomers = alerts.Where(a => a.Vip).Select(a => a.View.CustomerId).Distinct().ToList();
        var managers = await db.Customers.AsNoTracking().Where(c => vipCustomers.Contains(c.Id) && c.AccountManager!.UserName != null)
            .Select(c => new { c.Id, c.AccountManager!.UserName }).ToDictionaryAsync(c => c.Id, c => c.UserName!, cancellationToken);
        foreach (var (alert, vip) in alerts)
        {
            if (alert.Threshold == OpenedThreshold)
            {
                LogOpenedAlert(logger, alert.ComplaintId);
            }
            else
            {
                LogAlert(logger, alert.ComplaintId, alert.Threshold, alert.Escalated);
            }

            if (alert.Threshold != OpenedThreshold)
            {
                await supervisors.Clients.All.SlaAlert(alert);
                await agents.Clients.User(alert.Owner).SlaAlert(alert);
            }

            if (vip && managers.TryGetValue(alert.CustomerId, out var manager) && (manager != alert.Owner || alert.Threshold == OpenedThreshold))
            {
                await agents.Clients.User(manager).SlaAlert(alert);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Complaint {ComplaintId} crossed {Threshold}% of its SLA (escalated: {Escalated})")]
    private static partial void LogAlert(ILogger logger, Guid complaintId, int threshold, bool escalated);

    [LoggerMessage(Level = LogLevel.Information, Message = "VIP complaint {ComplaintId} opened: its account manager is alerted")]
    private static partial void LogOpenedAlert(ILogger logger, Guid complaintId);

    [LoggerMessage(Level = LogLevel.Error, Message = "SLA scan failed")]
    private static partial void LogScanFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "SLA alerts not saved (a complaint changed meanwhile); retrying next scan")]
    private static partial void LogSaveConflict(ILogger logger, Exception exception);
}
