// The agent desktop: one SignalR connection to /hubs/agent; every redraw starts from the server's GetState.
import { antiforgeryToken, api, duration, loadSettings, requestId, requireUser, text } from "./session.js";
import { loadComplaint, renderComplaint, renderCustomer, renderOffers, tickCountdowns } from "./customer-panels.js";

const $ = id => document.getElementById(id);
await requireUser(["Agent"]);
const settings = await loadSettings();

const desk = { state: null, pop: null, ringDeadline: 0, complaints: new Map(), outcomes: new Map(), discounts: new Map() };
const connection = new signalR.HubConnectionBuilder()
  .withUrl("/hubs/agent", { headers: { "X-CSRF-TOKEN": await antiforgeryToken() } })
  // An agent's desk never gives up: retry at once, then back off to every 5 s until the network is back.
  .withAutomaticReconnect({ nextRetryDelayInMilliseconds: retry => Math.min(5000, retry.previousRetryCount * 1000) })
  .build();

function say(message) {
  $("message").textContent = message ?? "";
}

async function invoke(method, ...args) {
  say("");
  try {
    return await connection.invoke(method, requestId(), ...args);
  } catch (e) {
    say(e.message.replace(/^.*HubException: /, ""));
    throw e;
  }
}

function connected(label, ok) {
  $("connection").textContent = label;
  $("connection").classList.toggle("bad", !ok);
}

function showPop(pop) {
  if (desk.pop?.callId !== pop.callId) {
    desk.complaints.clear();
    desk.outcomes.clear();
  }
  desk.pop = pop;
  renderCustomer($("customer-body"), pop);
  $("customer").hidden = false;
  $("offers").hidden = false;
  $("complaints").hidden = false;
  $("goodwill").hidden = !pop.customer;
  $("pop-caller").textContent = pop.customer
    ? `${pop.customer.name} · ${pop.customer.tier} · ${pop.caller.e164 ?? pop.caller.raw}`
    : `${pop.notice ?? "Unknown caller"} · ${pop.caller.e164 ?? pop.caller.raw ?? "withheld"}`;
  if (pop.callback) $("pop-caller").textContent += ` · ${pop.callback}`;
  drawOffers();
  Promise.all((pop.customer?.openComplaints ?? []).map(loadComplaint)).then(list => {
    list.forEach(c => desk.complaints.set(c.id, c));
    drawComplaints();
  });
}

function drawComplaints() {
  const list = $("complaint-list");
  list.replaceChildren();
  for (const complaint of desk.complaints.values()) {
    const item = document.createElement("li");
    item.className = "complaint";
    renderComplaint(item, complaint, fireTrigger);
    list.append(item);
  }
  if (desk.complaints.size === 0) list.append(text("li", "No open complaints.", "hint"));
  tickCountdowns(list);
}

function drawOffers() {
  renderOffers($("offer-list"), desk.pop, desk.outcomes, recordOutcome);
}

async function fireTrigger(complaint, trigger) {
  const updated = await invoke("FireComplaintTrigger", complaint.id, trigger, null, complaint.version ?? null);
  desk.complaints.set(updated.id, updated);
  drawComplaints();
}

async function recordOutcome(offer, outcome) {
  if (!desk.state?.callId) return;
  const wrapUp = await invoke("RecordOfferOutcome", desk.state.callId, offer.offerId, outcome, offer.scriptVersion);
  desk.outcomes.set(offer.offerId, outcome);
  drawOffers();
  drawWrapUp(wrapUp);
}

function drawWrapUp(wrapUp) {
  if (!wrapUp) return;
  wrapUp.offers.forEach(o => { if (o.outcome) desk.outcomes.set(o.offerId, o.outcome); });
  $("wrapup-missing").textContent = wrapUp.missing.length ? `Still needed: ${wrapUp.missing.join("; ")}` : "Ready to complete.";
}

function render(state) {
  desk.state = state;
  $("status").value = state.status;
  $("state").textContent = `${state.status}${state.breakReason ? ` (${state.breakReason})` : ""} · ${state.state}`;
  const phase = state.callPhase;
  if (state.pop) showPop(state.pop);
  $("pop").hidden = phase !== "Ringing";
  $("call").hidden = phase !== "Connected";
  $("wrapup").hidden = phase !== "WrapUp";
  $("call-state").textContent = phase ? `Call ${state.callId}: ${phase}` : "";
  if (phase === "Ringing" && !desk.ringDeadline) {
    desk.ringDeadline = Date.now() + settings.ringTimeoutSeconds * 1000;
    $("accept").focus();
  }
  if (phase !== "Ringing") desk.ringDeadline = 0;
  if (!state.callId && !state.pop) {
    desk.pop = null;
    ["customer", "offers", "complaints", "goodwill"].forEach(id => { $(id).hidden = true; });
  }
  drawWrapUp(state.wrapUp);
}

function discountStatus(d) {
  switch (d.status) {
    case "Pending": return `waiting for a supervisor (your authority is ${d.authorityPercent}%)`;
    case "Approved": return `approved by ${d.decidedBy}${d.decisionNote ? `: ${d.decisionNote}` : ""}`;
    case "Rejected": return `rejected by ${d.decidedBy}: ${d.decisionNote}`;
    default: return "applied";
  }
}

function drawDiscounts() {
  const recent = [...desk.discounts.values()].sort((a, b) => b.id - a.id).slice(0, 8);
  $("discount-list").replaceChildren(...recent.map(d =>
    text("li", `${d.percent}% for ${d.months} months${d.offerId ? ` (${d.offerId})` : ""}: ${discountStatus(d)}`, `discount ${d.status.toLowerCase()}`)));
  if (recent.length === 0) $("discount-list").append(text("li", "None yet.", "hint"));
}

async function loadDiscounts() {
  (await api("/api/discounts")).forEach(d => desk.discounts.set(d.id, d));
  drawDiscounts();
}

async function resync() {
  render(await connection.invoke("GetState"));
}

connection.on("StatusChanged", render);
connection.on("ScreenPop", pop => { showPop(pop); });
connection.on("CallStateChanged", () => resync());
connection.on("DiscountChanged", d => { desk.discounts.set(d.id, d); drawDiscounts(); });
connection.on("SlaAlert", alert => {
  const item = text("li", `${alert.band}: complaint ${alert.complaintId} at ${alert.percentConsumed}% — ${alert.detail}`, "alert");
  $("alert-list").prepend(item);
});
connection.onreconnecting(() => connected("Reconnecting…", false));
connection.onreconnected(async () => { await resync(); await loadDiscounts(); connected("Connected", true); });
connection.onclose(() => connected("Disconnected: reload the page", false));

$("status-form").addEventListener("submit", async event => {
  event.preventDefault();
  const status = $("status").value;
  render(await invoke("SetStatus", status, status === "OnBreak" ? $("break-reason").value : null));
});
$("accept").addEventListener("click", async () => { await invoke("AcceptCall", desk.state.callId); await resync(); });
$("hang-up").addEventListener("click", async () => { await invoke("HangUp", desk.state.callId); await resync(); });
$("new-complaint").addEventListener("submit", async event => {
  event.preventDefault();
  const created = await invoke("CreateComplaint", {
    customerId: desk.pop?.customer?.customerId ?? null,
    category: $("complaint-category").value,
    severity: null,
    slaKind: null,
    summary: $("complaint-summary").value,
  });
  desk.complaints.set(created.id, created);
  $("complaint-summary").value = "";
  drawComplaints();
});
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
    $("goodwill-reason").value = "";
  } catch (e) {
    say(e.message);
  }
});
$("wrapup-form").addEventListener("submit", async event => {
  event.preventDefault();
  if ($("disposition").value) drawWrapUp(await invoke("SetDisposition", desk.state.callId, $("disposition").value));
  await invoke("CompleteWrapUp", desk.state.callId);
  await resync();
});

setInterval(() => {
  if (desk.ringDeadline) $("ring-countdown").textContent = duration((desk.ringDeadline - Date.now()) / 1000);
  tickCountdowns($("complaint-list"));
}, 250);

await connection.start();
await resync();
await loadDiscounts();
connected("Connected", true);
