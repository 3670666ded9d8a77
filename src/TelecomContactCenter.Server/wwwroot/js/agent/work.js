// The agent's own work, beside the call: the complaints they own with their SLA countdowns, their callbacks and
// discounts awaiting a supervisor (GET /api/me/work), and the SLA alerts the hub pushes.
import { api, text } from "../session.js";
import { formatDateTime, label, locale, t } from "../i18n.js";
import { tickCountdowns } from "../customer-panels.js";
import { $, desk } from "./desk.js";
import { discountLine } from "./discounts.js";

let workLoading = null;
export function loadWork() {
  workLoading ??= api("/api/me/work").then(work => { desk.work = work; drawWork(); }).catch(() => {}).finally(() => { workLoading = null; });
  return workLoading;
}

export function drawWork() {
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

export function drawAlerts() {
  $("alert-list").replaceChildren(...desk.alerts.map(alert => text("li",
    t("agent.alertLine", { band: label("band", alert.band), percent: Math.round(alert.percentConsumed), tier: label("tier", alert.tier) }), "alert")));
  $("alerts-empty").hidden = desk.alerts.length > 0;
}
