// The caller's complaints on the agent's desk: the capture form and its choices, the complaint cards, and the
// triggers an agent fires on them (with the reason, resolve and attach dialogs).
import { api, text } from "../session.js";
import { label, t } from "../i18n.js";
import { destructiveTriggers, isOpenComplaint, renderComplaint, tickCountdowns, triggersNeedingReason } from "../customer-panels.js";
import { $, desk, invoke, option, refusal, say, settings } from "./desk.js";
import { loadWork } from "./work.js";

const categories = ["BILL", "PAY", "NET", "PROV", "ENC", "RESP", "FEAT", "PRICE", "INCONV", "ETH", "INVOL", "FRAUD"];
const resolutionCodes = ["BILL-CORRECTED", "REFUND-ISSUED", "FAULT-REPAIRED", "SERVICE-RESTORED", "EXPLAINED", "PLAN-CHANGED",
  "GOODWILL-CREDIT", "NO-FAULT-FOUND"];

/** The capture form's choices; their texts come from the i18n layer when the page applies it. */
export function fillStaticChoices() {
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

export function drawComplaints() {
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

/** The capture form's submit: a second open complaint of the same category is attached to the first if the agent agrees. */
export async function createComplaint(event) {
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
}

/** The capture form starts at the category's severity and fault kind (from the server), which the agent may change. */
export function applyComplaintDefaults() {
  const defaults = settings.complaintDefaults?.[$("complaint-category").value];
  if (!defaults) return;
  $("complaint-severity").value = defaults.severity;
  $("complaint-fault").value = defaults.faultKind;
}
