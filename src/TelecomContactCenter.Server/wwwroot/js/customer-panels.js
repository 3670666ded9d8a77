// Renders the customer 360, the complaint panel and the offers panel of the agent desktop.
import { api, button, duration, serverNow, text } from "./session.js";

function row(list, term, value) {
  list.append(text("dt", term), text("dd", value));
}

export function renderCustomer(container, pop) {
  container.replaceChildren();
  if (!pop.customer) {
    container.append(text("p", pop.notice ?? "Unknown caller", "notice"));
    return;
  }
  const c = pop.customer;
  const list = document.createElement("dl");
  row(list, "Name", c.name);
  row(list, "Tier", `${c.tier} — ${c.tierReason}`);
  row(list, "Stage", `${c.stage} — ${c.stageReason}${c.stageReasonCodes.length ? ` (${c.stageReasonCodes.join(", ")})` : ""}`);
  row(list, "Churn risk", c.churnBand);
  if (c.repeatContact) row(list, "Repeat contact", "Called in the last 7 days");
  if (c.accountManager) row(list, "Account manager", `${c.accountManager.displayName}, ${c.accountManager.phone}`);
  row(list, "Products", c.products.map(p => `${p.name} (${p.kind}, ${p.monthlyFee}/month)`).join("; ") || "none");
  row(list, "Bills", c.arpuTrend.map(b => `${b.month}: ${b.amount}`).join(" · ") || "none");
  row(list, "Last contacts", c.lastInteractions.map(i =>
    `${new Date(i.startedAt).toLocaleDateString()} ${i.channel}${i.disposition ? ` — ${i.disposition}` : ""}`).join("; ") || "none");
  row(list, "Caller", `${pop.caller.e164 ?? pop.caller.raw ?? "withheld"} (${pop.caller.confidence})`);
  row(list, "IVR", pop.ivr.path.join(" → ") || "direct");
  row(list, "Routing", pop.routingReason);
  container.append(list);
}

/** A complaint with the buttons its workflow permits now; the list comes from the server, never from here. */
export function renderComplaint(item, complaint, fire) {
  item.replaceChildren();
  item.dataset.complaintId = complaint.id;
  const due = complaint.sla?.dueAt ?? complaint.dueAt;
  const heading = text("p", `${complaint.category} · ${complaint.state} · owner ${complaint.owner}`);
  heading.className = "complaint-heading";
  item.append(heading);
  if (due) {
    const clock = text("p", "", "countdown");
    clock.dataset.due = due;
    item.append(clock);
  }
  const triggers = complaint.permittedTriggers;
  if (!triggers) {
    item.append(text("p", "Owned by another agent: view only.", "hint"));
    return;
  }
  const actions = document.createElement("div");
  actions.className = "actions";
  actions.setAttribute("role", "group");
  actions.setAttribute("aria-label", `Actions for complaint ${complaint.category}`);
  for (const trigger of triggers) {
    actions.append(button(label(trigger), () => fire(complaint, trigger)));
  }
  if (triggers.length === 0) actions.append(text("span", "No action possible now.", "hint"));
  item.append(actions);
}

export async function loadComplaint(summary) {
  try {
    return await api(`/api/complaints/${summary.id}`);
  } catch {
    return summary;
  }
}

export function renderOffers(list, pop, outcomes, record) {
  list.replaceChildren();
  if (pop.offers.length === 0) {
    list.append(text("li", "No offers for this caller.", "hint"));
    return;
  }
  for (const offer of pop.offers) {
    const item = document.createElement("li");
    item.className = "offer";
    item.dataset.offerId = offer.offerId;
    item.append(text("h3", `${offer.isPrimary ? "★ " : ""}${offer.title}${offer.discountPercent ? ` — ${offer.discountPercent}% off` : ""}`));
    item.append(text("p", offer.script, "script"));
    const actions = document.createElement("div");
    actions.className = "actions";
    actions.setAttribute("role", "group");
    actions.setAttribute("aria-label", `Outcome for ${offer.title}`);
    for (const outcome of ["Accepted", "Declined", "Deferred", "NotPresented"]) {
      const b = button(label(outcome), () => record(offer, outcome));
      b.setAttribute("aria-pressed", String(outcomes.get(offer.offerId) === outcome));
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
    clock.textContent = left > 0 ? `SLA due in ${duration(left)}` : `SLA breached ${duration(-left)} ago`;
    clock.classList.toggle("breached", left <= 0);
  });
}

function label(name) {
  return name.replace(/([a-z])([A-Z])/g, "$1 $2");
}
