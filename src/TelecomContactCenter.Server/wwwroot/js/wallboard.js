// The supervisor wallboard: queues, agents, KPIs and pending discounts arrive as pushes from /hubs/supervisor;
// the at-risk complaints, approval cards and callback load are read from /api/wallboard/* when a push says
// something changed. Countdowns tick locally from each complaint's due time on the server's clock.
import { api, button, lastingHubConnection, loadSettings, requireUser, serverNow, text } from "./session.js";
import { applyTo, auditReason, formatDateTime, formatDayTime, formatDuration, formatMoney, formatSpan, label, locale, refusalText, register, setLocale, t } from "./i18n.js";
import common from "./i18n/common.js";
import resources from "./i18n/wallboard.js";
import refusals from "./i18n/refusals.js";

register(common);
register(resources);
register(refusals);
applyTo(document);
const $ = id => document.getElementById(id);
const vipTiers = new Set(["Platinum", "Gold"]);
const rowHeight = 34;
let agents = [];
let agentsAt = Date.now();
let queues = [];
// When the queue statistics arrived: a waiting call's wait goes on between pushes (the server pushes on changes).
let queuesAt = Date.now();
const longestWait = q => q.longestWaitSeconds + (Date.now() - queuesAt) / 1000;
let kpis = null;
let atRisk = null;
let atRiskPage = 1;
let approvals = [];
let callbacks = null;
let connected = "wb.connecting";

$("locale").value = locale();
$("locale").addEventListener("change", () => {
  setLocale($("locale").value);
  redraw();
});

await requireUser(["Supervisor", "Admin"]);
await loadSettings();

const timeAxis = () => ({
  type: "linear",
  ticks: { maxTicksLimit: 6, callback: value => new Intl.DateTimeFormat(locale(), { timeStyle: "short" }).format(new Date(value)) },
});
const kpiChart = new Chart($("kpi-chart"), {
  type: "line",
  data: { datasets: [
    { code: "wb.trend.fcr", label: t("wb.trend.fcr"), data: [], borderColor: "#0b5cad", backgroundColor: "#0b5cad" },
    { code: "wb.trend.takeUp", label: t("wb.trend.takeUp"), data: [], borderColor: "#a3470a", backgroundColor: "#a3470a" },
  ] },
  options: { animation: false, maintainAspectRatio: false, scales: { x: timeAxis(), y: { min: 0, max: 100 } },
    layout: { padding: { right: 16 } }, plugins: { legend: { labels: { boxWidth: 12 } } } },
});
const queueChart = new Chart($("queue-chart"), {
  type: "line",
  data: { datasets: [] },
  options: { animation: false, maintainAspectRatio: false, scales: { x: timeAxis(), y: { beginAtZero: true, ticks: { precision: 0 } } },
    layout: { padding: { right: 16 } }, plugins: { legend: { labels: { boxWidth: 12 } } } },
});
const callbackChart = new Chart($("callback-chart"), {
  type: "bar",
  data: { labels: [...Array(24).keys()].map(h => `${h}`), datasets: [{ label: "", data: [], backgroundColor: "#0b5cad" }] },
  options: { animation: false, maintainAspectRatio: false, plugins: { legend: { display: false } },
    scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } },
});

// Trends span at least the last ten minutes, so a single point sits at the right edge of a readable time axis.
function push(chart, values) {
  const at = serverNow();
  values.forEach((v, i) => chart.data.datasets[i].data.push({ x: at, y: v }));
  chart.data.datasets.forEach(d => { if (d.data.length > 120) d.data.shift(); });
  const first = Math.min(...chart.data.datasets.map(d => d.data[0]?.x ?? at));
  chart.options.scales.x.min = Math.min(first, at - 10 * 60_000);
  chart.options.scales.x.max = at;
  chart.update();
}

function cell(row, value, className) {
  const td = text("td", value, className);
  // A value cut to fit its column reads whole on hover.
  td.title = value;
  row.append(td);
  return td;
}

function percent(value) {
  return value === null || value === undefined ? "–" : `${value}%`;
}

function tierLabel(tier) {
  return label("tier", tier);
}

function queueLabel(queue) {
  return label("wbQueue", queue);
}

function drawQueues() {
  $("queue-rows").replaceChildren(...queues.map(q => {
    const row = document.createElement("tr");
    cell(row, queueLabel(q.queue));
    // A queue with no call yet is one row for all tiers.
    cell(row, q.tier ? tierLabel(q.tier) : t("wb.queues.allTiers"));
    cell(row, String(q.waiting));
    cell(row, q.waiting > 0 ? formatDuration(longestWait(q)) : "–");
    cell(row, q.averageSpeedOfAnswerSeconds === null ? "–" : formatDuration(q.averageSpeedOfAnswerSeconds));
    cell(row, String(q.abandoned));
    cell(row, percent(q.serviceLevelPercent));
    cell(row, String(q.agentsAvailable));
    if (q.waitingPastTarget > 0) row.className = "late";
    if (!q.tier) row.classList.add("quiet");
    return row;
  }));
  // Every queue of the IVR flows is listed from the start; only a server without flows has none to show.
  $("queues-empty").hidden = queues.length > 0;
  drawAlarms();
}

function onQueues(rows) {
  queues = rows;
  queuesAt = Date.now();
  drawQueues();
  rows.map(q => q.tier).filter(tier => tier).forEach(tier => {
    if (!queueChart.data.datasets.some(d => d.code === tier)) {
      queueChart.data.datasets.push({ code: tier, label: tierLabel(tier), data: [] });
    }
  });
  push(queueChart, queueChart.data.datasets.map(d =>
    rows.filter(q => q.tier === d.code).reduce((sum, q) => sum + q.waiting, 0)));
}

// What a supervisor must act on now, worst first: a VIP past target with nobody free, calls past target,
// answer speed over target, abandons.
function drawAlarms() {
  const alarms = [];
  for (const q of queues) {
    const names = { queue: queueLabel(q.queue), tier: tierLabel(q.tier), target: formatDuration(q.targetSeconds) };
    if (q.waitingPastTarget > 0 && q.agentsAvailable === 0 && vipTiers.has(q.tier)) {
      alarms.push([0, t("wb.alarm.vipNoAgent", { ...names, wait: formatDuration(longestWait(q)) })]);
    } else if (q.waitingPastTarget > 0) {
      alarms.push([1, t("wb.alarm.pastTarget", { ...names, count: q.waitingPastTarget })]);
    }
    if (q.averageSpeedOfAnswerSeconds !== null && q.averageSpeedOfAnswerSeconds > q.targetSeconds) {
      alarms.push([2, t("wb.alarm.asa", { ...names, asa: formatDuration(q.averageSpeedOfAnswerSeconds) })]);
    }
    if (q.abandoned > 0) alarms.push([3, t("wb.alarm.abandons", { ...names, count: q.abandoned })]);
  }
  alarms.sort((a, b) => a[0] - b[0]);
  $("alarm-list").replaceChildren(...(alarms.length === 0
    ? [text("li", t("wb.noAlarms"), "ok")]
    : alarms.map(([level, message]) => text("li", message, `alarm level-${level}`))));
  $("alarms").classList.toggle("raised", alarms.some(([level]) => level <= 1));
}

function drawAgents() {
  const elapsed = (Date.now() - agentsAt) / 1000;
  $("agent-rows").replaceChildren(...agents.map(a => {
    const row = document.createElement("tr");
    row.dataset.agent = a.agent;
    row.dataset.state = a.state;
    row.dataset.desktop = a.desktopConnected ? "online" : "offline";
    row.dataset.phone = a.phoneRegistered ? "registered" : "none";
    cell(row, a.agent);
    cell(row, `${label("agentStatus", a.status)}${a.breakReason ? ` (${label("breakReason", a.breakReason.startsWith("missed ") ? "missed" : a.breakReason)})` : ""}`);
    cell(row, label("agentState", a.state));
    cell(row, formatDuration(a.secondsInState + elapsed));
    cell(row, t(a.desktopConnected ? "wb.desktop.online" : "wb.desktop.offline"), a.desktopConnected ? "" : "bad-text");
    cell(row, t(a.phoneRegistered ? "wb.phone.registered" : "wb.phone.none"));
    return row;
  }));
}

// h:mm:ss under a day; days and hours beyond. A breached complaint says since when (its clock may stand still
// overnight on business hours, so a running "over" count would be wrong); a paused one the SLA time it has left,
// standing still; a resolved one awaiting confirmation that its clock is stopped.
function timeLeft(item) {
  if (item.isBreached) return [t("wb.due.overSince", { since: formatDayTime(item.breachedAt) }), "due-breached"];
  if (item.isPaused) return [t("wb.due.pausedLeft", { time: formatSpan(item.secondsLeft) }), "paused"];
  if (!item.dueAt) return [t("wb.due.stopped"), "paused"];
  const left = Math.max(0, (new Date(item.dueAt).getTime() - serverNow()) / 1000);
  return [t("wb.due.left", { time: formatSpan(left) }), `due-${item.band.toLowerCase()}`];
}

/** The due line of a complaint's card, from its SLA view. */
function dueText(sla) {
  if (sla.isBreached) return t("wb.due.overSince", { since: formatDateTime(sla.breachedAt) });
  if (sla.isPaused) return `${t("wb.due.paused")} · ${formatDateTime(sla.dueAt)}`;
  return sla.dueAt ? formatDateTime(sla.dueAt) : t("wb.due.stopped");
}

function customerName(item) {
  return item.customerName ?? t("wb.unknownCustomer", { id: item.customerId });
}

// Rows that fit the card, measured once (and again on resize) so pages never shift under the supervisor.
let atRiskSize = null;
function pageSize() {
  if (atRiskSize === null) {
    const box = $("at-risk").parentElement;
    atRiskSize = Math.max(5, Math.floor((box.clientHeight - rowHeight - 4) / rowHeight));
  }
  return atRiskSize;
}
window.addEventListener("resize", () => { atRiskSize = null; atRiskPage = 1; loadAtRisk(); });

// Reloads overlap (a push while paging); only the answer to the latest request is drawn.
let atRiskRequest = 0;
async function loadAtRisk() {
  const size = pageSize();
  const request = ++atRiskRequest;
  const answer = await api(`/api/wallboard/at-risk?page=${atRiskPage}&pageSize=${size}`);
  if (request !== atRiskRequest) return;
  atRisk = answer;
  const pages = Math.max(1, Math.ceil(atRisk.total / atRisk.pageSize));
  if (atRiskPage > pages) {
    atRiskPage = pages;
    return loadAtRisk();
  }
  drawAtRisk();
}

function drawAtRisk() {
  if (!atRisk) return;
  const b = atRisk.bands;
  $("at-risk-summary").textContent = t("wb.atRisk.summary", { total: atRisk.total, breached: b.breached, w75: b.warning75,
    w50: b.warning50, onTrack: b.onTrack, paused: b.paused });
  const pages = Math.max(1, Math.ceil(atRisk.total / atRisk.pageSize));
  $("at-risk-page").textContent = t("wb.atRisk.page", { page: atRisk.page, pages });
  $("at-risk-prev").disabled = atRisk.page <= 1;
  $("at-risk-next").disabled = atRisk.page >= pages;
  if (atRisk.items.length === 0) {
    const row = document.createElement("tr");
    cell(row, t("wb.atRisk.empty")).colSpan = 7;
    $("at-risk-rows").replaceChildren(row);
    return;
  }
  $("at-risk-rows").replaceChildren(...atRisk.items.map(item => {
    const row = document.createElement("tr");
    row.dataset.id = item.id;
    row.dataset.due = item.dueAt ?? "";
    row.dataset.breached = String(item.isBreached);
    row.dataset.left = String(item.secondsLeft);
    row.dataset.breachedAt = item.breachedAt ?? "";
    const [left, band] = timeLeft(item);
    cell(row, left, `countdown ${band}`);
    cell(row, tierLabel(item.tier), `tier tier-${item.tier.toLowerCase()}`);
    const who = document.createElement("td");
    const link = text("a", customerName(item));
    link.href = `#complaint/${item.id}`;
    link.setAttribute("aria-label", t("wb.complaint.open", { customer: customerName(item) }));
    who.append(link);
    row.append(who);
    cell(row, label("category", item.category));
    cell(row, label("complaintState", item.state));
    cell(row, item.owner);
    const action = document.createElement("td");
    action.append(button(t("wb.reassign"), () => { location.hash = `complaint/${item.id}`; }, "small"));
    row.append(action);
    return row;
  }));
}

function tickAtRisk() {
  if (!atRisk) return;
  for (const row of $("at-risk-rows").querySelectorAll("tr[data-id]")) {
    const item = atRisk.items.find(i => i.id === row.dataset.id);
    if (!item) continue;
    const [left, band] = timeLeft(item);
    row.cells[0].textContent = left;
    row.cells[0].title = left;
    row.cells[0].className = `countdown ${band}`;
  }
}

$("at-risk-prev").addEventListener("click", () => { atRiskPage = Math.max(1, atRiskPage - 1); loadAtRisk(); });
$("at-risk-next").addEventListener("click", () => { atRiskPage += 1; loadAtRisk(); });

// A complaint's card: what it is, its history, and reassignment to another agent.
let shown = null;
async function showComplaint(id) {
  const [complaint, audit] = await Promise.all([api(`/api/complaints/${id}`), api(`/api/complaints/${id}/audit`)]);
  shown = complaint;
  const row = atRisk?.items.find(i => i.id === id);
  const facts = [
    ["wb.col.customer", row ? customerName(row) : t("wb.unknownCustomer", { id: complaint.customerId })],
    ["wb.col.tier", tierLabel(complaint.tier)],
    ["wb.col.category", label("category", complaint.category)],
    ["wb.complaint.severity", label("severity", complaint.severity)],
    ["wb.col.state", label("complaintState", complaint.state)],
    ["wb.col.owner", complaint.owner],
    ["wb.complaint.created", formatDateTime(complaint.createdAt)],
    ["wb.col.due", dueText(complaint.sla)],
    ["wb.complaint.summary", complaint.summary ?? ""],
  ];
  $("complaint-facts").replaceChildren(...facts.flatMap(([key, value]) => [text("dt", t(key)), text("dd", value)]));
  $("complaint-history").replaceChildren(...audit.map(e =>
    text("li", `${formatDateTime(e.at)} · ${e.actor} · ${label("wbTrigger", e.trigger)} → ${label("complaintState", e.to)}${e.reason ? ` · ${auditReason(e.trigger, e.reason)}` : ""}`)));
  const owners = [...new Set(agents.map(a => a.agent))].filter(a => a !== complaint.owner);
  $("reassign-to").replaceChildren(...owners.map(a => { const o = text("option", a); o.value = a; return o; }));
  $("reassign-message").textContent = "";
  $("reassign-reason").value = "";
  if (!$("complaint-dialog").open) $("complaint-dialog").showModal();
}

function route() {
  const match = /^#complaint\/([0-9a-f-]{36})$/.exec(location.hash);
  if (match) showComplaint(match[1]).catch(e => { $("reassign-message").textContent = refusalText(e.code, e.message); });
  else if ($("complaint-dialog").open) $("complaint-dialog").close();
}
window.addEventListener("hashchange", route);
$("complaint-dialog").addEventListener("close", () => {
  if (location.hash) history.replaceState(null, "", location.pathname);
});
$("complaint-close").addEventListener("click", () => $("complaint-dialog").close());
$("reassign").addEventListener("submit", async event => {
  event.preventDefault();
  $("reassign-message").textContent = "";
  try {
    const owner = $("reassign-to").value;
    await api(`/api/complaints/${shown.id}/reassign`, { method: "POST",
      body: { newOwner: owner, reason: $("reassign-reason").value, version: shown.version } });
    await showComplaint(shown.id);
    $("reassign-message").textContent = t("wb.reassign.done", { owner });
    await loadAtRisk();
  } catch (e) {
    $("reassign-message").textContent = refusalText(e.code, e.message);
  }
});

// Discounts above an agent's authority wait here; the first supervisor to decide wins (the server says 409 to the rest).
async function loadApprovals() {
  approvals = await api("/api/wallboard/approvals");
  drawApprovals();
}

function drawApprovals() {
  $("approvals-empty").hidden = approvals.length > 0;
  const previousNotes = new Map([...$("approval-list").querySelectorAll("input")].map(i => [i.id, i.value]));
  $("approval-list").replaceChildren(...approvals.map(card => {
    const d = card.discount;
    const item = document.createElement("li");
    item.className = "approval";
    const who = text("p", "", "who");
    who.append(text("span", card.customerName ?? t("wb.unknownCustomer", { id: d.customerId }), "name"),
      ` · ${t("wb.approval.customer", { tier: tierLabel(card.tier ?? "Unknown"), clv: card.clv === null ? "–" : formatMoney(card.clv) })}`);
    item.append(who);
    item.append(text("p", t("wb.approval.ask", { agent: d.requestedBy, percent: d.percent, months: d.months, authority: d.authorityPercent })));
    item.append(text("p", t("wb.approval.history", { tenure: card.tenureMonths, stage: label("stage", card.stage ?? ""),
      complaints: card.openComplaints, approved: card.approvedBefore, rejected: card.rejectedBefore,
      accepted: card.offersAccepted, declined: card.offersDeclined }), "hint"));
    item.append(text("p", d.reason, "reason"));
    const note = document.createElement("input");
    note.id = `approval-note-${d.id}`;
    note.value = previousNotes.get(note.id) ?? "";
    const noteLabel = text("label", t("wb.approval.note", { agent: d.requestedBy }));
    noteLabel.htmlFor = note.id;
    const decide = verb => async () => {
      $("approvals-message").textContent = "";
      try {
        await api(`/api/discounts/${d.id}/${verb}`, { method: "POST", body: { note: note.value || null } });
      } catch (e) {
        $("approvals-message").textContent = refusalText(e.code, e.message);
      }
    };
    const actions = document.createElement("div");
    actions.className = "inline";
    actions.append(noteLabel, note, button(t("wb.approve"), decide("approve")), button(t("wb.reject"), decide("reject"), "secondary"));
    item.append(actions);
    return item;
  }));
}

async function loadCallbacks() {
  callbacks = await api(`/api/wallboard/callbacks?utcOffsetMinutes=${-new Date().getTimezoneOffset()}`);
  drawCallbacks();
}

function drawCallbacks() {
  if (!callbacks) return;
  const c = callbacks;
  $("callback-summary").textContent = c.pending === 0 ? t("wb.callbacks.none")
    : t("wb.callbacks.summary", { pending: c.pending, overdue: c.overdue, today: c.dueRestOfToday });
  const busiest = c.tomorrowByHour.reduce((best, n, h) => (n > c.tomorrowByHour[best] ? h : best), 0);
  $("callback-tomorrow").textContent = t("wb.callbacks.tomorrow", { count: c.dueTomorrow }) +
    (c.dueTomorrow > 0 ? ` · ${t("wb.callbacks.busiest", { hour: busiest, count: c.tomorrowByHour[busiest] })}` : "");
  callbackChart.data.datasets[0].label = t("wb.callbacks.tomorrow", { count: c.dueTomorrow });
  callbackChart.data.datasets[0].data = c.tomorrowByHour;
  callbackChart.update();
  $("callback-next").replaceChildren(...c.next.slice(0, 4).map(n =>
    text("li", `${formatDateTime(n.dueAt)} · ${tierLabel(n.tier)} · ${n.callerNumber} · ${queueLabel(n.queue)}`)));
}

function drawKpis() {
  if (!kpis) return;
  $("fcr").textContent = t("wb.kpi.fcrValue", { percent: percent(kpis.fcrRatePercent), count: kpis.resolvedComplaints });
  $("take-up").textContent = t("wb.kpi.takeUpValue", { percent: percent(kpis.offerTakeUpPercent), count: kpis.offersWithOutcome });
}

function drawConnection() {
  $("connection").textContent = t(connected);
  $("connection").classList.toggle("bad", connected !== "wb.live");
}

/** The nodes and, in a cluster, the ACD leader, from /api/cluster: one line, read again every 5 s. */
let cluster = null;
async function loadCluster() {
  try {
    cluster = await api("/api/cluster");
  } catch {
    cluster = null;
  }
  drawCluster();
}

/** Node names are data (host names), so each is its own element; the words around them are the board's language. */
function drawCluster() {
  const line = $("cluster");
  if (!cluster) { line.replaceChildren(); return; }
  const node = name => text("span", name, "node");
  if (!cluster.clustered) {
    // One node does all the queueing: there is no leader to name.
    line.replaceChildren(`${t("wb.cluster.single")} `, node(cluster.node));
    line.classList.remove("bad");
    return;
  }
  const parts = [t("wb.cluster.nodes", { alive: cluster.nodes.filter(n => n.alive).length, total: cluster.nodes.length })];
  parts.push(" · ");
  parts.push(...(cluster.leader
    ? [`${t("wb.cluster.leader")} `, node(cluster.leader), ` ${t("wb.cluster.since", { since: formatDateTime(cluster.leaderSince) })}`]
    : [t("wb.cluster.noLeader")]));
  const dead = cluster.nodes.filter(n => !n.alive);
  dead.forEach((n, i) => parts.push(i === 0 ? ` · ${t("wb.cluster.down")} ` : ", ", node(n.name)));
  line.replaceChildren(...parts);
  line.classList.toggle("bad", dead.length > 0 || !cluster.leader);
}

function redraw() {
  drawConnection();
  drawCluster();
  drawKpis();
  drawQueues();
  drawAgents();
  drawAtRisk();
  drawApprovals();
  drawCallbacks();
  kpiChart.data.datasets.forEach(d => { d.label = t(d.code); });
  queueChart.data.datasets.forEach(d => { d.label = tierLabel(d.code); });
  kpiChart.update();
  queueChart.update();
  if ($("complaint-dialog").open && shown) showComplaint(shown.id);
}

function away() {
  connected = "wb.reconnecting";
  drawConnection();
}
// A wall display never gives up: retry at once, then every 1–5 s for as long as the server is away (a restart, an
// upgrade), and redraw everything from the server when it is back.
const connection = await lastingHubConnection("/hubs/supervisor", { reconnecting: away, disconnected: away, reconnected: () => afterReconnect() });
connection.on("QueueStatistics", onQueues);
connection.on("PendingDiscounts", () => loadApprovals());
connection.on("AgentStates", rows => { agents = rows; agentsAt = Date.now(); drawAgents(); });
connection.on("Kpis", value => {
  kpis = value;
  drawKpis();
  push(kpiChart, [value.fcrRatePercent, value.offerTakeUpPercent]);
  loadAtRisk();
});
connection.on("SlaAlert", () => loadAtRisk());
// A complaint opened or changed anywhere: the table is read again, at most once a second however busy the floor is.
let atRiskReload = null;
connection.on("ComplaintsChanged", () => {
  atRiskReload ??= setTimeout(() => { atRiskReload = null; loadAtRisk(); }, 1000);
});
function afterReconnect() {
  connected = "wb.live";
  drawConnection();
  return Promise.all([loadAtRisk(), loadApprovals(), loadCallbacks(), loadCluster()]).catch(() => {});
}

const today = new Date();
$("export-to").value = new Date(today.getTime() + 86400000).toISOString().slice(0, 10);
$("export-from").value = new Date(today.getTime() - 7 * 86400000).toISOString().slice(0, 10);
$("export").addEventListener("submit", event => {
  event.preventDefault();
  const kind = event.submitter?.value ?? "complaints";
  const from = `${$("export-from").value}T00:00:00Z`, to = `${$("export-to").value}T00:00:00Z`;
  location.assign(`/api/export/${kind}.csv?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`);
});

setInterval(() => { drawAgents(); tickAtRisk(); if (queues.some(q => q.waiting > 0)) drawQueues(); }, 1000);
setInterval(() => { loadCallbacks().catch(() => {}); }, 60_000);
setInterval(loadCluster, 5000);
await connection.start();
connected = "wb.live";
drawConnection();
await Promise.all([loadAtRisk(), loadApprovals(), loadCallbacks(), loadCluster()]);
route();
document.body.dataset.ready = "true";
