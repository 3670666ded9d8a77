// The at-risk complaints card, paged to fit, with its countdowns; and a complaint's card (#complaint/<id>): what it
// is, its history, and reassignment to another agent.
import { api, button, serverNow, text } from "../session.js";
import { auditReason, formatDateTime, formatDayTime, formatSpan, label, refusalText, t } from "../i18n.js";
import { $, cell, tierLabel } from "./board.js";
import { agents } from "./agents.js";

const rowHeight = 34;
let atRisk = null;
let atRiskPage = 1;

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

// Reloads overlap (a push while paging); only the answer to the latest request is drawn.
let atRiskRequest = 0;
export async function loadAtRisk() {
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

export function drawAtRisk() {
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

export function tickAtRisk() {
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

export function route() {
  const match = /^#complaint\/([0-9a-f-]{36})$/.exec(location.hash);
  if (match) showComplaint(match[1]).catch(e => { $("reassign-message").textContent = refusalText(e.code, e.message); });
  else if ($("complaint-dialog").open) $("complaint-dialog").close();
}

/** Redraws the complaint's card if it is open (the board's language changed). */
export function refreshComplaintCard() {
  if ($("complaint-dialog").open && shown) showComplaint(shown.id);
}

/** The card's paging, the complaint's card and its reassign form; wired by wallboard.js after the sign-in check. */
export function wireComplaints() {
  window.addEventListener("resize", () => { atRiskSize = null; atRiskPage = 1; loadAtRisk(); });
  $("at-risk-prev").addEventListener("click", () => { atRiskPage = Math.max(1, atRiskPage - 1); loadAtRisk(); });
  $("at-risk-next").addEventListener("click", () => { atRiskPage += 1; loadAtRisk(); });
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
}
