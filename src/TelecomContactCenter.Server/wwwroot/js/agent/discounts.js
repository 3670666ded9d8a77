// The discounts the agent has granted and how each one's approval stands, kept in desk.discounts from
// GET /api/discounts and the hub's DiscountChanged pushes; the desk lists those of the customer on the line.
import { api, text } from "../session.js";
import { label, t } from "../i18n.js";
import { $, desk } from "./desk.js";

function discountStatus(d) {
  switch (d.status) {
    case "Pending": return t("agent.discountPending", { authority: d.authorityPercent });
    case "Approved": return t("agent.discountApproved", { by: d.decidedBy });
    case "Rejected": return t("agent.discountRejected", { by: d.decidedBy });
    default: return label("discountStatus", "Applied");
  }
}

export function discountLine(d) {
  const item = text("li", `${t("agent.discountTerms", { percent: d.percent, months: d.months })}: ${discountStatus(d)}`, `discount ${d.status.toLowerCase()}`);
  if (d.decisionNote) item.append(text("span", ` · ${d.decisionNote}`, "data"));
  return item;
}

/** Only the discounts of the customer on the line: a new pop never shows the previous caller's. */
export function drawDiscounts() {
  const customerId = desk.pop?.customer?.customerId;
  $("discounts").hidden = !customerId;
  const mine = [...desk.discounts.values()].filter(d => d.customerId === customerId).sort((a, b) => b.id - a.id).slice(0, 6);
  $("discount-list").replaceChildren(...mine.map(discountLine));
  if (mine.length === 0) $("discount-list").append(text("li", t("agent.noDiscountsYet"), "hint"));
}

export async function loadDiscounts() {
  (await api("/api/discounts")).forEach(d => desk.discounts.set(d.id, d));
  drawDiscounts();
}
