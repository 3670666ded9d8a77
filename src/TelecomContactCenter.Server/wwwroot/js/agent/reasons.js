// Contact reasons: the kinds and codes an agent may record for the caller (GET /api/reasons), recorded on the hub.
import { api } from "../session.js";
import { label, t } from "../i18n.js";
import { $, desk, invoke, option } from "./desk.js";

export async function loadReasons() {
  try {
    desk.reasons = await api("/api/reasons");
  } catch {
    desk.reasons = null;
  }
  fillReasonKinds();
}

export function fillReasonKinds() {
  const reasons = desk.reasons;
  $("reason-capture").hidden = !reasons || !desk.pop?.customer;
  if (!reasons) return;
  const kind = $("reason-kind").value || Object.keys(reasons)[0];
  $("reason-kind").replaceChildren(...Object.keys(reasons).map(k => option(k, label("reasonKind", k))));
  $("reason-kind").value = kind;
  $("reason-code").replaceChildren(...(reasons[kind] ?? []).map(code => option(code, label("reason", code))));
}

/** Records the chosen reason for the caller and this call. */
export async function captureReason(event) {
  event.preventDefault();
  await invoke("CaptureReason", {
    customerId: desk.pop?.customer?.customerId, callId: desk.state?.callId ?? null,
    kind: $("reason-kind").value, code: $("reason-code").value, note: null,
  });
  $("reason-captured").textContent = t("agent.reasonCaptured", { reason: label("reason", $("reason-code").value) });
}
