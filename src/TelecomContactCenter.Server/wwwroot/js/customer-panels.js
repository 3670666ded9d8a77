// Renders the customer 360, the complaint cards and the offers of the agent desktop. Every label comes from the
// i18n layer; data (names, numbers, typed summaries) is marked class="data" so the language check can tell them apart.
import { api, button, serverNow, text } from "./session.js";
import { auditReason, formatDate, formatDateTime, formatMoney, formatSpan, label, locale, t } from "./i18n.js";

function row(list, term, value, dataValue = false) {
  const dd = dataValue ? text("dd", value, "data") : text("dd", value);
  list.append(text("dt", term), dd);
}

/** "+86 138****0001": enough to recognise the caller without showing the whole number on screen. */
export function maskNumber(e164) {
  if (!e164) return "";
  const digits = e164.replace(/^\+86/, "");
  if (digits.length < 8) return e164;
  return `${e164.startsWith("+86") ? "+86 " : ""}${digits.slice(0, 3)}****${digits.slice(-4)}`;
}

/**
 * A colleague's number as it is dialled and read aloud in China, grouped: mobiles "+86 138 0000 0001", Beijing,
 * Shanghai and the other two-digit areas "+86 10 6000 0001", three-digit areas "+86 755 2688 0001". Anything
 * else (another country, an extension) is shown as stored.
 */
export function formatPhone(e164) {
  if (!e164) return "";
  const national = /^\+86(\d+)$/.exec(e164)?.[1];
  if (!national) return e164;
  const grouped = /^(1[3-9]\d)(\d{4})(\d{4})$/.exec(national)
    ?? /^(10|2\d)(\d{4})(\d{4})$/.exec(national)
    ?? /^([3-9]\d{2})(\d{3,4})(\d{4})$/.exec(national);
  return grouped ? `+86 ${grouped.slice(1).join(" ")}` : e164;
}

/** The call as the agent names it: the customer's name and masked number, never the SIP Call-ID. */
export function callerName(pop) {
  const number = pop.caller.e164 ?? pop.caller.raw;
  const masked = number ? maskNumber(number) : t("agent.withheld");
  return pop.customer ? `${pop.customer.name} · ${masked}` : `${t("agent.unknownCaller")} · ${masked}`;
}

/** Why revenue gives the tier, in the agent's language: a rank by 12-month revenue, or the average month against a threshold. */
function tierBasisText(basis) {
  if (!basis) return "";
  const standard = basis.tier === "Standard";
  if (basis.kind === "Rank") return t(standard ? "agent.tierOutsideTop" : "agent.tierTop", { percent: basis.topPercent });
  return t(standard ? "agent.tierMonthlyBelow" : "agent.tierMonthlyAtLeast",
    { monthly: formatMoney(basis.monthlyRevenue), threshold: formatMoney(basis.monthlyThreshold) });
}

/** Whether a complaint is still being worked on (not closed, withdrawn or merged into another). */
export function isOpenComplaint(complaint) {
  return !["Closed", "Withdrawn", "Merged"].includes(complaint.state);
}

export function renderCustomer(container, pop, history) {
  container.replaceChildren();
  if (!pop.customer) {
    container.append(text("p", pop.caller.e164 || pop.caller.raw ? t("agent.noCustomerForNumber") : t("agent.callerWithheld"), "notice"));
    return;
  }
  const c = pop.customer;
  const list = document.createElement("dl");
  row(list, t("agent.name"), c.name, true);
  const tier = text("dd", "");
  tier.append(text("span", label("tier", c.tier), `tier-badge tier-${c.tier.toLowerCase()}`));
  // An operator's BSS sends its own wording of the tier's reason (docs/bss.md), shown as it came.
  const basis = c.tierBasis ? tierBasisText(c.tierBasis) : c.tierReason;
  const tierReasons = [basis, ...(c.tierReasonCodes ?? []).map(code => label("tierReason", code))].filter(Boolean);
  if (tierReasons.length > 0) tier.append(text("span", ` · ${tierReasons.join(" · ")}`, "tier-reason"));
  list.append(text("dt", t("agent.tier")), tier);
  row(list, t("agent.stage"), [label("stage", c.stage), ...c.stageReasonCodes.map(code => label("stageReason", code))].join(" · "));
  row(list, t("agent.churnRisk"), label("churn", c.churnBand));
  if (c.repeatContact) row(list, t("agent.repeatContact"), t("agent.repeatContactText"));
  if (c.accountManager) row(list, t("agent.accountManager"), `${c.accountManager.name ?? c.accountManager.displayName ?? ""}${c.accountManager.phone ? `, ${formatPhone(c.accountManager.phone)}` : ""}`, true);
  const products = text("dd", "");
  if (c.products.length === 0) products.textContent = t("agent.none");
  for (const p of c.products) {
    const line = text("span", "", "line");
    line.append(text("span", p.names?.[locale()] ?? p.name, "data"), text("span", ` · ${label("product", p.kind)} · ${t("agent.perMonth", { amount: formatMoney(p.monthlyFee) })}`));
    products.append(line);
  }
  list.append(text("dt", t("agent.products")), products);
  row(list, t("agent.bills"), c.arpuTrend.map(b => `${formatMonth(b.month)} ${formatMoney(b.amount)}`).join(" · ") || t("agent.none"));
  const contacts = text("dd", "");
  if (c.lastInteractions.length === 0) contacts.textContent = t("agent.none");
  for (const i of c.lastInteractions.slice(0, 3)) {
    const line = text("span", `${formatDate(i.startedAt)} ${label("channel", i.channel)}${i.disposition ? ` · ${label("disposition", i.disposition)}` : ""}`, "line");
    // The notes are what the agent typed: data, shown as written.
    if (i.notes) line.append(text("span", ` · ${i.notes}`, "data contact-notes"));
    contacts.append(line);
  }
  list.append(text("dt", t("agent.lastContacts")), contacts);
  row(list, t("agent.activeDiscounts"), history?.activeDiscounts?.length
    ? history.activeDiscounts.map(d => t("agent.discountUntil", { percent: d.percent, until: formatDate(d.until) })).join("; ")
    : t("agent.none"));
  row(list, t("agent.recentOutcomes"), history?.recentOutcomes?.length
    ? history.recentOutcomes.slice(0, 5).map(o => `${label("offer", o.offerId)}: ${label("outcome", o.outcome)} (${formatDate(o.recordedAt)})`).join("; ")
    : t("agent.none"));
  row(list, t("agent.identity"), label("confidence", pop.caller.confidence));
  container.append(list);
}

function formatMonth(month) {
  return new Intl.DateTimeFormat(locale(), { year: "numeric", month: "short" }).format(new Date(`${month}T00:00:00`));
}

export const triggersNeedingReason = new Set(["EscalateToBackOffice", "Reopen", "Withdraw", "Merge"]);
export const destructiveTriggers = new Set(["Withdraw", "Merge"]);

/**
 * A complaint card: category, state, severity, summary, SLA countdown, the buttons the workflow permits now (the list
 * comes from the server) and the audit trail. Triggers that need more (a reason, resolution codes) go to <act>.
 */
export function renderComplaint(item, complaint, act) {
  item.replaceChildren();
  item.dataset.complaintId = complaint.id;
  item.dataset.state = complaint.state;
  item.dataset.category = complaint.category;
  const heading = text("p", `${label("category", complaint.category)} · ${label("complaintState", complaint.state)}`, "complaint-heading");
  item.append(heading);
  const facts = [t("agent.severityIs", { severity: label("severity", complaint.severity) })];
  if (complaint.slaKind) facts.push(label("faultKind", complaint.slaKind === "NonFault" ? "NonFault" : "Fault"));
  item.append(text("p", facts.join(" · "), "hint"));
  if (complaint.summary) item.append(text("p", complaint.summary, "data summary"));
  const due = complaint.sla?.dueAt ?? complaint.dueAt;
  if (complaint.sla?.isBreached && complaint.sla.breachedAt && isOpenComplaint(complaint)) {
    item.append(text("p", t("agent.overdueSince", { since: formatDateTime(complaint.sla.breachedAt) }), "countdown breached"));
  } else if (due && isOpenComplaint(complaint)) {
    const clock = text("p", "", "countdown");
    clock.dataset.due = due;
    item.append(clock);
  }
  const triggers = complaint.permittedTriggers;
  if (!triggers) {
    item.append(text("p", t("agent.viewOnly"), "hint"));
    return;
  }
  const actions = document.createElement("div");
  actions.className = "actions";
  actions.setAttribute("role", "group");
  actions.setAttribute("aria-label", t("agent.complaintActions", { category: label("category", complaint.category) }));
  // Merge is permitted once a survivor is named, so it is offered wherever Withdraw is: the dialog names the survivor.
  const offered = triggers.includes("Withdraw") && !triggers.includes("Merge") ? [...triggers, "Merge"] : triggers;
  for (const trigger of offered) {
    if (trigger === "PauseExpired") continue;
    const kind = destructiveTriggers.has(trigger) ? "danger" : trigger === "ResolveOnCall" || trigger === "ConfirmResolution" ? "" : "secondary";
    const b = button(label("trigger", trigger), () => act(complaint, trigger), kind);
    b.dataset.trigger = trigger;
    actions.append(b);
  }
  if (actions.childElementCount === 0) actions.append(text("span", t("agent.noActionNow"), "hint"));
  item.append(actions);
  const history = document.createElement("details");
  history.append(text("summary", t("agent.auditTrail")));
  const entries = document.createElement("ol");
  entries.className = "audit";
  history.append(entries);
  item.append(history);
  api(`/api/complaints/${complaint.id}/audit`).then(audit => {
    entries.replaceChildren(...audit.map(a => {
      const li = text("li", `${formatDateTime(a.at)} · ${label("trigger", a.trigger)} · ${label("complaintState", a.to)} `);
      li.append(text("span", a.actor, "data"));
      // A recorded resolution's codes read as labels; any other reason is what someone typed (data).
      const reason = auditReason(a.trigger, a.reason);
      if (reason) li.append(text("span", ` · ${reason}`, reason === a.reason ? "data" : ""));
      return li;
    }));
  }).catch(() => entries.replaceChildren(text("li", t("agent.auditUnavailable"), "hint")));
}

export async function loadComplaint(summary) {
  try {
    return await api(`/api/complaints/${summary.id}`);
  } catch {
    return summary;
  }
}

const outcomes = ["Accepted", "Declined", "Deferred", "NotPresented"];

/** An offer's title in the agent's language (the server's title for an offer the resources do not know). */
export function offerTitle(offer) {
  return label("offer", offer.offerId) === offer.offerId ? offer.title : label("offer", offer.offerId);
}

/** The offers of the pop: title, the script in the agent's language, and one outcome each (coloured by outcome). */
export function renderOffers(list, pop, chosen, record) {
  list.replaceChildren();
  if (!pop || pop.offers.length === 0) {
    if (pop) list.append(text("li", t("agent.noOffers"), "hint"));
    return;
  }
  for (const offer of pop.offers) {
    const item = document.createElement("li");
    item.className = "offer";
    item.dataset.offerId = offer.offerId;
    item.dataset.discount = String(offer.discountPercent ?? 0);
    const title = offerTitle(offer);
    item.append(text("h3", `${offer.isPrimary ? "★ " : ""}${title}${offer.discountPercent ? ` · ${t("agent.percentOff", { percent: offer.discountPercent, months: offer.durationMonths })}` : ""}`));
    const script = offer.scripts?.[locale()] ?? offer.script;
    const p = text("p", script, "script");
    // Rendered by the server (another language only until the script resources are merged): data, not a label.
    if (!offer.scripts?.[locale()]) p.classList.add("data");
    item.append(p);
    if (offer.needsApproval) {
      item.dataset.needsApproval = "true";
      item.append(text("p", t("agent.offerNeedsApproval"), "hint approval"));
    }
    if (offer.missingSlots?.length) {
      item.append(text("p", t("agent.missingSlots", { slots: offer.missingSlots.join(", ") }), "warning"));
    }
    const actions = document.createElement("div");
    actions.className = "actions";
    actions.setAttribute("role", "group");
    actions.setAttribute("aria-label", t("agent.outcomeFor", { offer: title }));
    for (const outcome of outcomes) {
      const b = button(label("outcome", outcome), () => record(offer, outcome), `outcome outcome-${outcome.toLowerCase()}`);
      b.dataset.outcome = outcome;
      b.setAttribute("aria-pressed", String(chosen.get(offer.offerId) === outcome));
      actions.append(b);
    }
    item.append(actions);
    list.append(item);
  }
}

export function tickCountdowns(root) {
  const now = serverNow();
  root.querySelectorAll("[data-due]").forEach(clock => {
    const left = (new Date(clock.dataset.due).getTime() - now) / 1000;
    clock.textContent = left > 0 ? t("agent.slaDueIn", { time: formatSpan(left) }) : t("agent.slaBreachedAgo", { time: formatSpan(-left) });
    clock.classList.toggle("breached", left <= 0);
  });
}
