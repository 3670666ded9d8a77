// Pending discount approvals: the cards a supervisor decides on, read from /api/wallboard/approvals when the
// PendingDiscounts push says they changed.
import { api, button, text } from "../session.js";
import { formatMoney, label, refusalText, t } from "../i18n.js";
import { $, tierLabel } from "./board.js";

let approvals = [];

// Discounts above an agent's authority wait here; the first supervisor to decide wins (the server says 409 to the rest).
export async function loadApprovals() {
  approvals = await api("/api/wallboard/approvals");
  drawApprovals();
}

export function drawApprovals() {
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
    // Discounts add up on the tier's ladder, so the approver sees what the customer already holds.
    if (d.customerInForcePercent > 0) {
      item.append(text("p", t("wb.approval.inForce", { held: d.customerInForcePercent, total: Math.round((d.customerInForcePercent + d.percent) * 100) / 100 }), "in-force"));
    }
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
