// The supervisor wallboard: queues, agents, KPIs and pending discounts arrive as pushes from /hubs/supervisor;
// the at-risk complaints, approval cards and callback load are read from /api/wallboard/* when a push says
// something changed. Countdowns tick locally from each complaint's due time on the server's clock.
// This module signs in, connects and wires the page; each card is drawn by its module in js/wallboard/.
import { api, lastingHubConnection, loadSettings, requireUser, text } from "./session.js";
import { applyTo, formatDateTime, locale, register, setLocale, t } from "./i18n.js";
import common from "./i18n/common.js";
import resources from "./i18n/wallboard.js";
import refusals from "./i18n/refusals.js";
import { $ } from "./wallboard/board.js";
import { createCharts, drawCallbacks, drawKpis, loadCallbacks, onKpis, relabelCharts } from "./wallboard/charts.js";
import { drawQueues, onQueues, queues } from "./wallboard/queues.js";
import { drawAgents, onAgents } from "./wallboard/agents.js";
import { drawAtRisk, loadAtRisk, refreshComplaintCard, route, tickAtRisk, wireComplaints } from "./wallboard/complaints.js";
import { drawApprovals, loadApprovals } from "./wallboard/approvals.js";

register(common);
register(resources);
register(refusals);
applyTo(document);
let connected = "wb.connecting";

$("locale").value = locale();
$("locale").addEventListener("change", () => {
  setLocale($("locale").value);
  redraw();
});

await requireUser(["Supervisor", "Admin"]);
await loadSettings();
createCharts();
wireComplaints();

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
  relabelCharts();
  refreshComplaintCard();
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
connection.on("AgentStates", onAgents);
connection.on("Kpis", value => {
  onKpis(value);
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
