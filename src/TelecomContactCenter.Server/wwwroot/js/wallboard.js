// The supervisor wallboard: everything arrives as pushes from /hubs/supervisor except the complaint list,
// which is read once and again on every SLA alert; countdowns tick locally from each complaint's due time.
import { antiforgeryToken, api, button, duration, loadSettings, requireUser, text } from "./session.js";
import { tickCountdowns } from "./customer-panels.js";

const $ = id => document.getElementById(id);
await requireUser(["Supervisor", "Admin"]);
await loadSettings();

const closedStates = new Set(["Closed", "Withdrawn", "Merged"]);
// Core's SlaBand values, worst first, with the names the board shows.
const bands = [["Breached", "Breached"], ["Warning75", "Over 75%"], ["Warning50", "Over 50%"], ["OnTrack", "On track"]];
let agents = [];
let agentsAt = Date.now();

const kpiChart = new Chart($("kpi-chart"), {
  type: "line",
  data: { labels: [], datasets: [
    { label: "FCR %", data: [], borderColor: "#0b5cad", backgroundColor: "#0b5cad" },
    { label: "Offer take-up %", data: [], borderColor: "#a3470a", backgroundColor: "#a3470a" },
  ] },
  options: { animation: false, scales: { y: { min: 0, max: 100 } } },
});
const queueChart = new Chart($("queue-chart"), {
  type: "line",
  data: { labels: [], datasets: [] },
  options: { animation: false, scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } },
});

function push(chart, label, values) {
  chart.data.labels.push(label);
  values.forEach((v, i) => chart.data.datasets[i].data.push(v));
  if (chart.data.labels.length > 60) {
    chart.data.labels.shift();
    chart.data.datasets.forEach(d => d.data.shift());
  }
  chart.update();
}

function cell(row, value) {
  row.append(text("td", value));
}

function percent(value) {
  return value === null || value === undefined ? "–" : `${value}%`;
}

function drawQueues(queues) {
  const body = $("queue-rows");
  body.replaceChildren(...queues.map(q => {
    const row = document.createElement("tr");
    [q.queue, q.tier, String(q.waiting), duration(q.longestWaitSeconds),
      `${percent(q.serviceLevelPercent)} (target ${q.targetSeconds} s)`].forEach(v => cell(row, v));
    if (q.waiting > 0 && q.longestWaitSeconds > q.targetSeconds) row.className = "late";
    return row;
  }));
  const tiers = [...new Set(queues.map(q => q.tier))];
  tiers.forEach(tier => {
    if (!queueChart.data.datasets.some(d => d.label === tier)) {
      queueChart.data.datasets.push({ label: tier, data: queueChart.data.labels.map(() => 0) });
    }
  });
  push(queueChart, new Date().toLocaleTimeString(), queueChart.data.datasets.map(d =>
    queues.filter(q => q.tier === d.label).reduce((sum, q) => sum + q.waiting, 0)));
}

function drawAgents() {
  const elapsed = (Date.now() - agentsAt) / 1000;
  $("agent-rows").replaceChildren(...agents.map(a => {
    const row = document.createElement("tr");
    [a.agent, `${a.status}${a.breakReason ? ` (${a.breakReason})` : ""}`, a.state, duration(a.secondsInState + elapsed),
      a.desktopConnected ? "online" : "offline"].forEach(v => cell(row, v));
    row.dataset.state = a.state;
    return row;
  }));
}

async function loadComplaints() {
  const complaints = (await api("/api/complaints?limit=500")).filter(c => !closedStates.has(c.state));
  const container = $("sla-bands");
  container.replaceChildren(...bands.map(([band, name]) => {
    const inBand = complaints.filter(c => (c.sla.isBreached ? "Breached" : c.sla.band) === band);
    const section = document.createElement("div");
    section.className = `band band-${band.toLowerCase()}`;
    section.append(text("h3", `${name}: ${inBand.length}`));
    const list = document.createElement("ul");
    list.className = "plain";
    inBand.sort((a, b) => (a.sla.dueAt ?? "").localeCompare(b.sla.dueAt ?? "")).slice(0, 8).forEach(c => {
      const item = text("li", `${c.tier} · ${c.category} · ${c.owner} `);
      if (c.sla.dueAt) {
        const clock = text("span", "", "countdown");
        clock.dataset.due = c.sla.dueAt;
        item.append(clock);
      }
      list.append(item);
    });
    section.append(list);
    return section;
  }));
  tickCountdowns(container);
}

// Discounts above an agent's authority wait here; the first supervisor to decide wins (the server says 409 to the rest).
function drawApprovals(pending) {
  $("approvals-empty").hidden = pending.length > 0;
  $("approval-list").replaceChildren(...pending.map(d => {
    const item = document.createElement("li");
    item.className = "approval";
    item.append(text("p", `${d.requestedBy} asks ${d.percent}% off for ${d.months} months for customer ${d.customerId} (own authority ${d.authorityPercent}%)`));
    item.append(text("p", d.reason, "hint"));
    const note = document.createElement("input");
    note.id = `approval-note-${d.id}`;
    const label = text("label", `Note to ${d.requestedBy}`);
    label.htmlFor = note.id;
    const decide = verb => async () => {
      $("approvals-message").textContent = "";
      try {
        await api(`/api/discounts/${d.id}/${verb}`, { method: "POST", body: { note: note.value || null } });
      } catch (e) {
        $("approvals-message").textContent = e.message;
      }
    };
    const actions = document.createElement("div");
    actions.className = "actions";
    actions.append(button("Approve", decide("approve")), button("Reject", decide("reject")));
    item.append(label, note, actions);
    return item;
  }));
}

const connection = new signalR.HubConnectionBuilder()
  .withUrl("/hubs/supervisor", { headers: { "X-CSRF-TOKEN": await antiforgeryToken() } })
  .withAutomaticReconnect()
  .build();
connection.on("QueueStatistics", drawQueues);
connection.on("PendingDiscounts", drawApprovals);
connection.on("AgentStates", rows => { agents = rows; agentsAt = Date.now(); drawAgents(); });
connection.on("Kpis", kpis => {
  $("fcr").textContent = `${percent(kpis.fcrRatePercent)} of ${kpis.resolvedComplaints} resolved`;
  $("take-up").textContent = `${percent(kpis.offerTakeUpPercent)} of ${kpis.offersWithOutcome} offers`;
  push(kpiChart, new Date().toLocaleTimeString(), [kpis.fcrRatePercent, kpis.offerTakeUpPercent]);
  loadComplaints();
});
connection.on("SlaAlert", alert => {
  const item = text("li", `${alert.tier} complaint ${alert.complaintId.slice(0, 8)} (${alert.owner}): ${alert.threshold}%${alert.escalated ? ", escalated" : ""} — ${alert.detail}`, "alert");
  item.setAttribute("role", "alert");
  $("alert-list").prepend(item);
  loadComplaints();
});
connection.onreconnecting(() => { $("connection").textContent = "Reconnecting…"; $("connection").classList.add("bad"); });
connection.onreconnected(() => { $("connection").textContent = "Live"; $("connection").classList.remove("bad"); });

const today = new Date();
$("export-to").value = new Date(today.getTime() + 86400000).toISOString().slice(0, 10);
$("export-from").value = new Date(today.getTime() - 7 * 86400000).toISOString().slice(0, 10);
$("export").addEventListener("submit", event => {
  event.preventDefault();
  const kind = event.submitter?.value ?? "complaints";
  const from = `${$("export-from").value}T00:00:00Z`, to = `${$("export-to").value}T00:00:00Z`;
  location.assign(`/api/export/${kind}.csv?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`);
});

setInterval(() => { drawAgents(); tickCountdowns($("sla-bands")); }, 1000);
await connection.start();
$("connection").textContent = "Live";
await loadComplaints();
