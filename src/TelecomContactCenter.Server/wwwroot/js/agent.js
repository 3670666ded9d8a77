// The agent desktop: one SignalR connection to /hubs/agent; every redraw starts from the server's GetState.
import { api, button, lastingHubConnection, loadSettings, requestId, requireUser, serverNow, text } from "./session.js";
import { applyTo, formatDateTime, formatDuration, label, locale, parseHubRefusal, refusalText, register, setLocale, t } from "./i18n.js";
import common from "./i18n/common.js";
import agentText from "./i18n/agent.js";
import refusals from "./i18n/refusals.js";
import {
  callerName, destructiveTriggers, isOpenComplaint, loadComplaint, offerTitle, renderComplaint, renderCustomer, renderOffers, tickCountdowns, triggersNeedingReason,
} from "./customer-panels.js";

const categories = ["BILL", "PAY", "NET", "PROV", "ENC", "RESP", "FEAT", "PRICE", "INCONV", "ETH", "INVOL", "FRAUD"];
register(common);
register(agentText);
register(refusals);
const $ = id => document.getElementById(id);
fillStaticChoices();
applyTo(document);
$("locale").value = locale();
await requireUser(["Agent"]);
const settings = await loadSettings();

const resolutionCodes = ["BILL-CORRECTED", "REFUND-ISSUED", "FAULT-REPAIRED", "SERVICE-RESTORED", "EXPLAINED", "PLAN-CHANGED",
  "GOODWILL-CREDIT", "NO-FAULT-FOUND"];
const desk = {
  state: null, pop: null, ringDeadline: 0, complaints: new Map(), outcomes: new Map(), discounts: new Map(), work: null,
  history: null, alerts: [], reasons: null,
};
// An agent's desk never gives up: retry at once, then back off to every 5 s until the network is back.
const connection = await lastingHubConnection("/hubs/agent", {
  reconnecting: () => connected("agent.reconnecting", false),
  disconnected: () => connected("agent.disconnected", false),
  reconnected: () => afterReconnect(),
});

function fillStaticChoices() {
  const fill = (select, group, codes) => select.replaceChildren(...codes.map(code => {
    const o = document.createElement("option");
    o.value = code;
    o.dataset.i18n = `${group}.${code}`;
    return o;
  }));
  fill($("complaint-category"), "category", categories);
  fill($("complaint-severity"), "severity", ["Low", "Medium", "High", "Critical"]);
  fill($("complaint-fault"), "faultKind", ["NonFault", "Fault"]);
  $("complaint-severity").value = "Medium";
}

function say(message) {
  $("message").textContent = message ?? "";
}

/**
 * A refusal as the agent reads it, in the desktop's language: a REST error carries its code (e.code), a hub error
 * "[code] sentence"; the server's sentence shows only for a code the desktop has no text for.
 */
function refusal(e) {
  if (e.code !== undefined) return refusalText(e.code, e.message);
  const { code, text: serverText } = parseHubRefusal(e.message);
  return refusalText(code, serverText);
}

async function invoke(method, ...args) {
  say("");
  try {
    return await connection.invoke(method, requestId(), ...args);
  } catch (e) {
    say(t("agent.refused", { detail: refusal(e) }));
    throw e;
  }
}

let connectionKey = "agent.connecting";
function connected(key, ok) {
  connectionKey = key;
  $("connection").textContent = t(key);
  $("connection").classList.toggle("bad", !ok);
}

// ---- the call ----------------------------------------------------------------------------------------------------

function showPop(pop) {
  if (desk.pop?.callId !== pop.callId) {
    desk.complaints.clear();
    desk.outcomes.clear();
    desk.history = null;
    $("notes").value = "";
    desk.savedNotes = "";
    // A new call starts with no disposition chosen: the last call's choice must not be recorded for this one.
    $("disposition").value = "";
    refreshHistory(pop);
    selectTab("tab-offers");
  }
  desk.pop = pop;
  drawCustomer();
  $("goodwill").hidden = !pop.customer;
  fillReasonKinds();
  drawOffers();
  drawDiscounts();
  Promise.all((pop.customer?.openComplaints ?? []).map(loadComplaint)).then(list => {
    list.forEach(c => desk.complaints.set(c.id, c));
    drawComplaints();
  });
}

/**
 * The customer's discounts in force and recent offer outcomes, for the 360: read at the pop and again whenever this
 * call changes them (an outcome recorded, a discount granted or decided), so the 360 agrees with the Offers tab.
 */
function refreshHistory(pop = desk.pop) {
  const customerId = pop?.customer?.customerId;
  if (!customerId) return;
  api(`/api/customers/${customerId}/offer-history`).then(h => {
    if (desk.pop?.customer?.customerId !== customerId) return;
    desk.history = h;
    drawCustomer();
  }).catch(() => {});
}

function clearPop() {
  desk.pop = null;
  desk.history = null;
  desk.complaints.clear();
  desk.outcomes.clear();
  drawCustomer();
  drawOffers();
  drawComplaints();
  drawDiscounts();
  $("goodwill").hidden = true;
  $("disposition").value = "";
  fillReasonKinds();
}

function drawCustomer() {
  if (!desk.pop) {
    $("customer-body").replaceChildren(text("p", t("agent.noCustomer"), "hint"));
    return;
  }
  renderCustomer($("customer-body"), desk.pop, desk.history);
}

function drawCallBar() {
  const state = desk.state;
  const phase = state?.callPhase ?? null;
  const pop = desk.pop;
  $("call-name").textContent = pop ? callerName(pop) : t("agent.noCall");
  const tier = pop?.customer?.tier;
  $("call-tier").hidden = !tier;
  if (tier) {
    $("call-tier").textContent = label("tier", tier);
    $("call-tier").className = `tier-badge tier-${tier.toLowerCase()}`;
  }
  $("call-state").textContent = phase === "Connected" && state?.onHold ? t("agent.onHold") : phase ? label("callPhase", phase) : "";
  $("ring").hidden = phase !== "Ringing";
  const desktopAnswer = state?.device !== "SipPhone";
  // With a registered phone the call is answered on the phone (the desktop has no audio path to offer instead).
  $("accept").hidden = phase !== "Ringing" || !desktopAnswer;
  $("phone-answer").hidden = !(phase === "Ringing" && !desktopAnswer);
  $("hang-up").hidden = phase !== "Connected";
  $("hold").hidden = !(phase === "Connected" && desktopAnswer);
  $("hold").setAttribute("aria-pressed", String(Boolean(state?.onHold)));
  // While the caller is held the button says what it does next: take the caller back.
  $("hold").dataset.i18n = state?.onHold ? "agent.resume" : "agent.hold";
  $("hold").textContent = t($("hold").dataset.i18n);
  $("phone-hold").hidden = !(phase === "Connected" && !desktopAnswer);
  $("no-audio").hidden = !(desktopAnswer && (phase === "Ringing" || phase === "Connected"));
  $("talk-timer").hidden = !(phase === "Connected" && state?.answeredAt);
  $("no-call").hidden = Boolean(pop);
  tickTimers();
}

function tickTimers() {
  const state = desk.state;
  if (desk.ringDeadline) $("ring-countdown").textContent = formatDuration(Math.max(0, (desk.ringDeadline - Date.now()) / 1000));
  if (state?.callPhase === "Connected" && state.answeredAt) {
    $("talk-timer").textContent = t("agent.talkTime", { time: formatDuration((serverNow() - new Date(state.answeredAt).getTime()) / 1000) });
  }
}

function drawDevice() {
  const sip = desk.state?.device === "SipPhone";
  $("device").textContent = t(sip ? "agent.devicePhone" : "agent.deviceDesktop");
  $("device").classList.toggle("warn", !sip);
}

function render(state) {
  desk.state = state;
  $("status").value = state.status;
  const breakReason = state.breakReason?.startsWith("missed ") ? "missed" : state.breakReason;
  drawBreakReason(state, breakReason);
  $("state").textContent = `${label("agentStatus", state.status)}${breakReason ? ` (${label("breakReason", breakReason)})` : ""} · ${label("agentState", state.state)}`;
  $("phone-check").hidden = state.breakReason !== "phone-not-answering";
  const phase = state.callPhase;
  if (state.pop) showPop(state.pop);
  if (phase === "Ringing" && !desk.ringDeadline) {
    desk.ringDeadline = Date.now() + settings.ringTimeoutSeconds * 1000;
    if (state.device !== "SipPhone") setTimeout(() => $("accept").focus(), 0);
  }
  if (phase !== "Ringing") desk.ringDeadline = 0;
  if (!state.callId && !state.pop && desk.pop) clearPop();
  if (phase === "WrapUp" && desk.lastPhase !== "WrapUp") selectTab("tab-wrapup");
  desk.lastPhase = phase;
  drawDevice();
  drawCallBar();
  drawWrapUp(state.wrapUp);
}

/**
 * The reason select shows the break the agent is on: one they chose, or the one the desk put them on (phone not
 * answering, missed offers) as a choice they cannot pick themselves.
 */
function drawBreakReason(state, reason) {
  const select = $("break-reason");
  select.querySelector("option[data-automatic]")?.remove();
  if (state.status === "OnBreak" && reason && ![...select.options].some(o => o.value === state.breakReason)) {
    const automatic = option(state.breakReason, label("breakReason", reason));
    automatic.disabled = true;
    automatic.dataset.automatic = "";
    select.append(automatic);
  }
  if (state.status === "OnBreak" && state.breakReason) select.value = state.breakReason;
  showBreakReason();
}

/** The reason selected, or the first the agent can choose while the select shows the desk's automatic one. */
function chosenBreakReason() {
  const select = $("break-reason");
  return select.selectedOptions[0]?.dataset.automatic === undefined ? select.value : select.options[0].value;
}

/** The break reason is asked for only when the agent is choosing a break. */
function showBreakReason() {
  $("break-reason").hidden = $("status").value !== "OnBreak";
}

function drawWrapUp(wrapUp) {
  const inWrapUp = desk.state?.callPhase === "WrapUp";
  $("complete-wrapup").disabled = !inWrapUp;
  if (!wrapUp) {
    $("wrapup-missing").textContent = desk.state?.callId ? "" : t("agent.wrapUpAfterCall");
    return;
  }
  wrapUp.offers.forEach(o => { if (o.outcome) desk.outcomes.set(o.offerId, o.outcome); });
  if (wrapUp.disposition) $("disposition").value = wrapUp.disposition;
  // After a reload or reconnect the saved notes come back; what the agent is typing is never overwritten.
  if (wrapUp.notes && !$("notes").value) $("notes").value = wrapUp.notes;
  desk.savedNotes = wrapUp.notes ?? "";
  const missing = wrapUp.missing.map(m => /disposition/i.test(m) ? t("agent.missingDisposition") : /offer/i.test(m) ? missingOutcomes() : t("agent.missingOther"));
  $("wrapup-missing").textContent = missing.length ? t("agent.stillNeeded", { items: [...new Set(missing)].join("; ") }) : t("agent.readyToComplete");
  drawOffers();
}

/** Which offers still lack an outcome, by title: offers that arrive mid-call (a complaint closed, a reason coded) count too. */
function missingOutcomes() {
  const open = (desk.pop?.offers ?? []).filter(o => !desk.outcomes.has(o.offerId)).map(offerTitle);
  return open.length ? t("agent.missingOutcomesFor", { count: open.length, offers: open.join(locale() === "zh-CN" ? "、" : ", ") }) : t("agent.missingOutcomes");
}

function drawOffers() {
  renderOffers($("offer-list"), desk.pop, desk.outcomes, recordOutcome);
}

async function recordOutcome(offer, outcome) {
  if (!desk.state?.callId) return;
  const wrapUp = await invoke("RecordOfferOutcome", desk.state.callId, offer.offerId, outcome, offer.scriptVersion);
  desk.outcomes.set(offer.offerId, outcome);
  drawWrapUp(wrapUp);
  drawOffers();
  refreshHistory();
}

// ---- complaints --------------------------------------------------------------------------------------------------

function drawComplaints() {
  const list = $("complaint-list");
  list.replaceChildren();
  for (const complaint of desk.complaints.values()) {
    const item = document.createElement("li");
    item.className = "complaint";
    renderComplaint(item, complaint, act);
    list.append(item);
  }
  if (desk.complaints.size === 0) list.append(text("li", desk.pop ? t("agent.noOpenComplaints") : t("agent.complaintsDuringCall"), "hint"));
  // The caller's open complaints show on the tab, so the agent knows of them while reading the offers.
  const open = [...desk.complaints.values()].filter(isOpenComplaint).length;
  $("complaint-count").hidden = open === 0;
  $("complaint-count").textContent = String(open);
  $("complaint-count").title = t("agent.openComplaintCount", { count: open });
  $("new-complaint").hidden = !desk.pop?.customer;
  tickCountdowns(list);
}

function keep(updated) {
  desk.complaints.set(updated.id, updated);
  drawComplaints();
  loadWork();
}

async function act(complaint, trigger) {
  if (trigger === "ResolveOnCall") return resolve(complaint);
  let reason = null;
  let mergeInto = null;
  if (triggersNeedingReason.has(trigger)) {
    const answer = await askReason(complaint, trigger);
    if (!answer) return;
    ({ reason, mergeInto } = answer);
  }
  if (trigger === "Merge") {
    // The survivor is named in the REST body; the hub method has no field for it.
    try {
      keep(await api(`/api/complaints/${complaint.id}/triggers`, { method: "POST", body: { trigger, reason, version: complaint.version, mergeInto } }));
    } catch (e) {
      say(t("agent.refused", { detail: refusal(e) }));
    }
    return;
  }
  keep(await invoke("FireComplaintTrigger", complaint.id, trigger, reason, complaint.version ?? null));
}

/** The reason dialog; destructive triggers are red and say so. Resolves to { reason, mergeInto } or null. */
function askReason(complaint, trigger) {
  const dialog = $("reason-dialog");
  const destructive = destructiveTriggers.has(trigger);
  $("reason-title").textContent = label("trigger", trigger);
  $("reason-detail").textContent = t(`agent.reasonFor.${trigger}`, { category: label("category", complaint.category) });
  $("reason-ok").textContent = destructive ? t("agent.confirmDestructive", { action: label("trigger", trigger) }) : label("trigger", trigger);
  $("reason-ok").className = destructive ? "danger" : "";
  $("reason-text").value = "";
  const merge = trigger === "Merge";
  $("merge-label").hidden = $("merge-target").hidden = !merge;
  if (merge) {
    const others = [...desk.complaints.values()].filter(c => c.id !== complaint.id && isOpenComplaint(c));
    $("merge-target").replaceChildren(...others.map(c => {
      const o = document.createElement("option");
      o.value = c.id;
      o.textContent = `${label("category", c.category)} · ${label("complaintState", c.state)}`;
      return o;
    }));
    if (others.length === 0) {
      say(t("agent.nothingToMergeInto"));
      return Promise.resolve(null);
    }
  }
  return new Promise(resolveAnswer => {
    const done = value => {
      dialog.removeEventListener("close", onClose);
      resolveAnswer(value);
    };
    const onClose = () => done(dialog.returnValue === "ok" && $("reason-text").value.trim()
      ? { reason: $("reason-text").value.trim(), mergeInto: merge ? $("merge-target").value : null }
      : null);
    dialog.addEventListener("close", onClose);
    $("reason-cancel").onclick = () => dialog.close("cancel");
    dialog.returnValue = "";
    dialog.showModal();
    $("reason-text").focus();
  });
}

/** The resolve panel: resolution code, root cause (the category unless changed) and "confirmed on this call". */
async function resolve(complaint) {
  const dialog = $("resolve-dialog");
  $("resolution-code").replaceChildren(...resolutionCodes.map(code => option(code, label("resolution", code))));
  $("root-cause").replaceChildren(...categories.map(code => option(code, label("category", code))));
  $("root-cause").value = complaint.category;
  $("confirmed-on-call").checked = false;
  dialog.returnValue = "";
  $("resolve-cancel").onclick = () => dialog.close("cancel");
  dialog.showModal();
  await new Promise(r => dialog.addEventListener("close", r, { once: true }));
  if (dialog.returnValue !== "ok") return;
  try {
    let current = await api(`/api/complaints/${complaint.id}/resolution`, { method: "POST", body: {
      resolutionCode: $("resolution-code").value, rootCause: $("root-cause").value, version: complaint.version,
    } });
    current = await invoke("FireComplaintTrigger", complaint.id, "ResolveOnCall", null, current.version);
    if ($("confirmed-on-call").checked) {
      current = await invoke("FireComplaintTrigger", complaint.id, "ConfirmResolution", null, current.version);
    }
    keep(current);
  } catch (e) {
    say(t("agent.refused", { detail: refusal(e) }));
  }
}

function option(value, content) {
  const o = document.createElement("option");
  o.value = value;
  o.textContent = content;
  return o;
}

/** Resolves to true to attach to the customer's open complaint of the same category, false to cancel. */
async function askAttach(existing) {
  const dialog = $("attach-dialog");
  $("attach-detail").textContent = t("agent.attachDetail", {
    category: label("category", existing.category), state: label("complaintState", existing.state),
  });
  dialog.returnValue = "";
  dialog.showModal();
  await new Promise(r => dialog.addEventListener("close", r, { once: true }));
  return dialog.returnValue === "attach";
}

// ---- discounts, my work, alerts ----------------------------------------------------------------------------------

function discountStatus(d) {
  switch (d.status) {
    case "Pending": return t("agent.discountPending", { authority: d.authorityPercent });
    case "Approved": return t("agent.discountApproved", { by: d.decidedBy });
    case "Rejected": return t("agent.discountRejected", { by: d.decidedBy });
    default: return label("discountStatus", "Applied");
  }
}

function discountLine(d) {
  const item = text("li", `${t("agent.discountTerms", { percent: d.percent, months: d.months })}: ${discountStatus(d)}`, `discount ${d.status.toLowerCase()}`);
  if (d.decisionNote) item.append(text("span", ` · ${d.decisionNote}`, "data"));
  return item;
}

/** Only the discounts of the customer on the line: a new pop never shows the previous caller's. */
function drawDiscounts() {
  const customerId = desk.pop?.customer?.customerId;
  $("discounts").hidden = !customerId;
  const mine = [...desk.discounts.values()].filter(d => d.customerId === customerId).sort((a, b) => b.id - a.id).slice(0, 6);
  $("discount-list").replaceChildren(...mine.map(discountLine));
  if (mine.length === 0) $("discount-list").append(text("li", t("agent.noDiscountsYet"), "hint"));
}

async function loadDiscounts() {
  (await api("/api/discounts")).forEach(d => desk.discounts.set(d.id, d));
  drawDiscounts();
}

let workLoading = null;
function loadWork() {
  workLoading ??= api("/api/me/work").then(work => { desk.work = work; drawWork(); }).catch(() => {}).finally(() => { workLoading = null; });
  return workLoading;
}

function drawWork() {
  const work = desk.work;
  if (!work) return;
  $("work-complaints").replaceChildren(...work.complaints.map(c => {
    const band = c.sla.isPaused ? "Paused" : c.sla.band;
    const item = text("li", "", `work-item band-${band.toLowerCase()}`);
    item.dataset.complaintId = c.id;
    const head = text("p", "", "work-head");
    head.append(text("span", c.customerName, "data"), text("span", ` · ${label("tier", c.tier)} · ${label("category", c.category)}`));
    item.append(head, text("p", `${label("complaintState", c.state)} · ${label("band", band)}`, "hint"));
    if (c.sla.isBreached) {
      item.append(text("p", t("agent.overdueSince", { since: formatDateTime(c.sla.breachedAt) }), "countdown breached"));
    } else if (c.sla.dueAt && !c.sla.isPaused) {
      const clock = text("p", "", "countdown");
      clock.dataset.due = c.sla.dueAt;
      item.append(clock);
    }
    return item;
  }));
  if (work.complaints.length === 0) $("work-complaints").append(text("li", t("agent.noWorkComplaints"), "hint"));
  $("work-callbacks").replaceChildren(...work.callbacks.map(c => {
    const item = text("li", "");
    item.append(text("span", c.customerName ?? "", "data"), text("span", ` · ${label("tier", c.tier)} · ${t("agent.callbackDue", { when: new Date(c.dueAt).toLocaleString(locale()) })}`));
    return item;
  }));
  if (work.callbacks.length === 0) $("work-callbacks").append(text("li", t("agent.noCallbacks"), "hint"));
  $("work-discounts").replaceChildren(...work.discounts.map(discountLine));
  if (work.discounts.length === 0) $("work-discounts").append(text("li", t("agent.noPendingDiscounts"), "hint"));
  tickCountdowns($("work-complaints"));
}

function drawAlerts() {
  $("alert-list").replaceChildren(...desk.alerts.map(alert => text("li",
    t("agent.alertLine", { band: label("band", alert.band), percent: Math.round(alert.percentConsumed), tier: label("tier", alert.tier) }), "alert")));
  $("alerts-empty").hidden = desk.alerts.length > 0;
}

// ---- tabs, locale, shortcuts -------------------------------------------------------------------------------------

function selectTab(id) {
  for (const tab of document.querySelectorAll('[role="tab"]')) {
    const selected = tab.id === id;
    tab.setAttribute("aria-selected", String(selected));
    tab.tabIndex = selected ? 0 : -1;
    $(tab.getAttribute("aria-controls")).hidden = !selected;
  }
}

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

async function loadReasons() {
  try {
    desk.reasons = await api("/api/reasons");
  } catch {
    desk.reasons = null;
  }
  fillReasonKinds();
}

function fillReasonKinds() {
  const reasons = desk.reasons;
  $("reason-capture").hidden = !reasons || !desk.pop?.customer;
  if (!reasons) return;
  const kind = $("reason-kind").value || Object.keys(reasons)[0];
  $("reason-kind").replaceChildren(...Object.keys(reasons).map(k => option(k, label("reasonKind", k))));
  $("reason-kind").value = kind;
  $("reason-code").replaceChildren(...(reasons[kind] ?? []).map(code => option(code, label("reason", code))));
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
$("new-complaint").addEventListener("submit", async event => {
  event.preventDefault();
  const category = $("complaint-category").value;
  const existing = [...desk.complaints.values()].find(c => c.category === category && isOpenComplaint(c));
  let attach = false;
  if (existing) {
    attach = await askAttach(existing);
    if (!attach) return;
  }
  const created = await invoke("CreateComplaint", {
    customerId: desk.pop?.customer?.customerId ?? null,
    category,
    severity: $("complaint-severity").value,
    slaKind: $("complaint-fault").value,
    faultKind: $("complaint-fault").value,
    attachToExisting: attach,
    summary: $("complaint-summary").value,
  });
  keep(created);
  $("complaint-summary").value = "";
});
/** The capture form starts at the category's severity and fault kind (from the server), which the agent may change. */
function applyComplaintDefaults() {
  const defaults = settings.complaintDefaults?.[$("complaint-category").value];
  if (!defaults) return;
  $("complaint-severity").value = defaults.severity;
  $("complaint-fault").value = defaults.faultKind;
}
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
$("reason-capture").addEventListener("submit", async event => {
  event.preventDefault();
  await invoke("CaptureReason", {
    customerId: desk.pop?.customer?.customerId, callId: desk.state?.callId ?? null,
    kind: $("reason-kind").value, code: $("reason-code").value, note: null,
  });
  $("reason-captured").textContent = t("agent.reasonCaptured", { reason: label("reason", $("reason-code").value) });
});
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
