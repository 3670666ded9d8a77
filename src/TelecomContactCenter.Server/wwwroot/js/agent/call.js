// The call on the agent's desk: the screen pop and the customer 360, the call bar and its timers, the agent's status
// and break reason, the offers and the wrap-up. render(state) redraws all of it from the server's GetState.
import { api, serverNow, text } from "../session.js";
import { formatDuration, label, locale, t } from "../i18n.js";
import { callerName, loadComplaint, offerTitle, renderCustomer, renderOffers } from "../customer-panels.js";
import { $, desk, invoke, option, selectTab, settings } from "./desk.js";
import { drawComplaints } from "./complaints.js";
import { drawDiscounts } from "./discounts.js";
import { fillReasonKinds } from "./reasons.js";

export function showPop(pop) {
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
export function refreshHistory(pop = desk.pop) {
  const customerId = pop?.customer?.customerId;
  if (!customerId) return;
  api(`/api/customers/${customerId}/offer-history`).then(h => {
    if (desk.pop?.customer?.customerId !== customerId) return;
    desk.history = h;
    drawCustomer();
  }).catch(() => {});
}

export function clearPop() {
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

export function drawCustomer() {
  if (!desk.pop) {
    $("customer-body").replaceChildren(text("p", t("agent.noCustomer"), "hint"));
    return;
  }
  renderCustomer($("customer-body"), desk.pop, desk.history);
}

export function drawCallBar() {
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

export function tickTimers() {
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

export function render(state) {
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
export function chosenBreakReason() {
  const select = $("break-reason");
  return select.selectedOptions[0]?.dataset.automatic === undefined ? select.value : select.options[0].value;
}

/** The break reason is asked for only when the agent is choosing a break. */
export function showBreakReason() {
  $("break-reason").hidden = $("status").value !== "OnBreak";
}

export function drawWrapUp(wrapUp) {
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

export function drawOffers() {
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
