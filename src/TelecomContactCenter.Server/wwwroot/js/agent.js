// The agent desktop: one SignalR connection to /hubs/agent; every redraw starts from the server's GetState. This
// module signs in, connects and wires the page; the desk's parts are in js/agent/ (the call, complaints, discounts,
// the agent's work list, contact reasons), sharing the desk's state through js/agent/desk.js.
import { api, lastingHubConnection, loadSettings, requestId, requireUser } from "./session.js";
import { applyTo, locale, register, setLocale, t } from "./i18n.js";
import common from "./i18n/common.js";
import agentText from "./i18n/agent.js";
import refusals from "./i18n/refusals.js";
import { tickCountdowns } from "./customer-panels.js";
import { $, desk, invoke, refusal, say, selectTab, useConnection } from "./agent/desk.js";
import {
  chosenBreakReason, clearPop, drawCallBar, drawCustomer, drawOffers, drawWrapUp, refreshHistory, render, showBreakReason, showPop, tickTimers,
} from "./agent/call.js";
import { applyComplaintDefaults, createComplaint, drawComplaints, fillStaticChoices } from "./agent/complaints.js";
import { drawDiscounts, loadDiscounts } from "./agent/discounts.js";
import { drawAlerts, drawWork, loadWork } from "./agent/work.js";
import { captureReason, fillReasonKinds, loadReasons } from "./agent/reasons.js";

register(common);
register(agentText);
register(refusals);
fillStaticChoices();
applyTo(document);
$("locale").value = locale();
await requireUser(["Agent"]);
const settings = await loadSettings();

// An agent's desk never gives up: retry at once, then back off to every 5 s until the network is back.
const connection = await lastingHubConnection("/hubs/agent", {
  reconnecting: () => connected("agent.reconnecting", false),
  disconnected: () => connected("agent.disconnected", false),
  reconnected: () => afterReconnect(),
});
useConnection(connection, settings);

let connectionKey = "agent.connecting";
function connected(key, ok) {
  connectionKey = key;
  $("connection").textContent = t(key);
  $("connection").classList.toggle("bad", !ok);
}

// ---- tabs, locale, shortcuts -------------------------------------------------------------------------------------

function redrawAll() {
  applyTo(document);
  connected(connectionKey, !$("connection").classList.contains("bad"));
  if (desk.state) render(desk.state);
  drawCustomer();
  drawOffers();
  drawComplaints();
  drawDiscounts();
  drawWork();
  drawAlerts();
  fillReasonKinds();
}

document.querySelectorAll('[role="tab"]').forEach(tab => tab.addEventListener("click", () => selectTab(tab.id)));
document.querySelector('[role="tablist"]').addEventListener("keydown", event => {
  const tabs = [...document.querySelectorAll('[role="tab"]')];
  const index = tabs.indexOf(document.activeElement);
  if (index < 0 || !["ArrowLeft", "ArrowRight"].includes(event.key)) return;
  const next = tabs[(index + (event.key === "ArrowRight" ? 1 : tabs.length - 1)) % tabs.length];
  selectTab(next.id);
  next.focus();
});
document.addEventListener("keydown", event => {
  if (!event.altKey) return;
  const key = event.key.toLowerCase();
  if (key === "a" && !$("accept").hidden) { event.preventDefault(); $("accept").click(); }
  if (key === "h" && !$("hang-up").hidden) { event.preventDefault(); $("hang-up").click(); }
  if (key === "w") { event.preventDefault(); selectTab("tab-wrapup"); $("disposition").focus(); }
});
$("locale").addEventListener("change", () => { setLocale($("locale").value); redrawAll(); });
$("reason-kind").addEventListener("change", fillReasonKinds);

// ---- server pushes and actions -----------------------------------------------------------------------------------

async function resync() {
  render(await connection.invoke("GetState"));
}

connection.on("StatusChanged", render);
connection.on("ScreenPop", pop => { showPop(pop); drawCallBar(); });
connection.on("CallStateChanged", change => {
  if (change.state === "Withdrawn" && desk.pop?.callId === change.callId) {
    // The offer went elsewhere (ring timeout, the caller left): the pop goes at once, not at the next resync.
    desk.ringDeadline = 0;
    clearPop();
    say(t("agent.offerWithdrawn"));
  }
  if (change.state === "Completed") loadWork();
  resync();
});
connection.on("OffersUpdated", view => {
  if (desk.pop?.callId !== view.callId) return;
  desk.pop = { ...desk.pop, offers: view.offers };
  drawOffers();
});
connection.on("WorkChanged", () => loadWork());
connection.on("DiscountChanged", d => { desk.discounts.set(d.id, d); drawDiscounts(); loadWork(); refreshHistory(); });
connection.on("SlaAlert", alert => {
  desk.alerts.unshift(alert);
  desk.alerts.splice(20);
  drawAlerts();
  loadWork();
});
/**
 * After any new connection (SignalR's own reconnect, or a restart after it gave up) the desk redraws from the
 * server: the status the agent chose comes back on whichever node the desktop reached, the current call only if
 * that node holds it; a call that ended with its node clears from the desk.
 */
async function afterReconnect() {
  await resync();
  await loadDiscounts();
  loadWork();
  connected("agent.connected", true);
}

$("status-form").addEventListener("submit", async event => {
  event.preventDefault();
  const status = $("status").value;
  render(await invoke("SetStatus", status, status === "OnBreak" ? $("break-reason").value : null));
});
$("phone-stay").addEventListener("click", async () => render(await invoke("SetStatus", "Available", null)));
$("status").addEventListener("change", showBreakReason);
$("phone-break").addEventListener("click", async () => render(await invoke("SetStatus", "OnBreak", chosenBreakReason())));
$("accept").addEventListener("click", async () => { await invoke("AcceptCall", desk.state.callId); await resync(); });
$("hold").addEventListener("click", async () => {
  await invoke("Hold", desk.state.callId, !desk.state.onHold);
  await resync();
});
$("hang-up").addEventListener("click", async () => { await invoke("HangUp", desk.state.callId); await resync(); });
$("new-complaint").addEventListener("submit", createComplaint);
$("complaint-category").addEventListener("change", applyComplaintDefaults);
applyComplaintDefaults();
$("goodwill").addEventListener("submit", async event => {
  event.preventDefault();
  say("");
  try {
    const granted = await api("/api/discounts", { method: "POST", body: {
      customerId: desk.pop?.customer?.customerId,
      percent: Number($("goodwill-percent").value),
      months: Number($("goodwill-months").value),
      reason: $("goodwill-reason").value,
      callId: desk.state?.callId ?? null,
      offerId: null,
    } });
    desk.discounts.set(granted.id, granted);
    drawDiscounts();
    refreshHistory();
    $("goodwill-reason").value = "";
  } catch (e) {
    say(t("agent.refused", { detail: refusal(e) }));
  }
});
$("reason-capture").addEventListener("submit", captureReason);
/**
 * Saves the notes with the call's record when they changed; they end up in the interaction, the 360 and the export.
 * Quiet when the textarea loses focus: the message line stays as it is, so the page does not shift under the click
 * that took the focus away.
 */
async function saveNotes(quiet = false) {
  const notes = $("notes").value.trim();
  if (!desk.state?.callId || !["Connected", "WrapUp"].includes(desk.state.callPhase) || notes === (desk.savedNotes ?? "")) return;
  const args = [desk.state.callId, notes];
  const wrapUp = quiet ? await connection.invoke("SetNotes", requestId(), ...args) : await invoke("SetNotes", ...args);
  desk.savedNotes = wrapUp.notes ?? "";
}
$("notes").addEventListener("change", () => saveNotes(true).catch(() => {}));
// The disposition is saved when chosen, so the "still needed" line follows the agent's choice at once.
$("disposition").addEventListener("change", async () => {
  if (!desk.state?.callId || !$("disposition").value) return;
  drawWrapUp(await invoke("SetDisposition", desk.state.callId, $("disposition").value));
});
$("wrapup-form").addEventListener("submit", async event => {
  event.preventDefault();
  await saveNotes();
  if ($("disposition").value) drawWrapUp(await invoke("SetDisposition", desk.state.callId, $("disposition").value));
  await invoke("CompleteWrapUp", desk.state.callId);
  $("notes").value = "";
  $("disposition").value = "";
  await resync();
});

setInterval(() => {
  tickTimers();
  tickCountdowns($("complaint-list"));
  tickCountdowns($("work-complaints"));
}, 250);
// The phone's registration can change without a call: the desk reads it again every half minute.
setInterval(() => { if (connection.state === "Connected") resync().catch(() => {}); }, 30_000);
setInterval(loadWork, 60_000);

connected("agent.connecting", true);
drawAlerts();
drawComplaints();
drawCallBar();
selectTab("tab-offers");
await connection.start();
await resync();
await loadDiscounts();
loadWork();
loadReasons();
connected("agent.connected", true);
