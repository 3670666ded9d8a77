// What the agent desktop's modules share: the desk's state, the message line, hub calls that report a refusal there,
// and the tabs. The hub connection and the desk settings are handed over by agent.js once its sign-in check and
// connection are done; the modules read them inside their functions only, never while loading.
import { requestId } from "../session.js";
import { parseHubRefusal, refusalText, t } from "../i18n.js";

export const $ = id => document.getElementById(id);

export const desk = {
  state: null, pop: null, ringDeadline: 0, complaints: new Map(), outcomes: new Map(), discounts: new Map(), work: null,
  history: null, alerts: [], reasons: null,
};

export let connection = null;
export let settings = null;

/** Called once by agent.js with the hub connection and the settings it loaded, before anything reads them. */
export function useConnection(hubConnection, deskSettings) {
  connection = hubConnection;
  settings = deskSettings;
}

export function say(message) {
  $("message").textContent = message ?? "";
}

/**
 * A refusal as the agent reads it, in the desktop's language: a REST error carries its code (e.code), a hub error
 * "[code] sentence"; the server's sentence shows only for a code the desktop has no text for.
 */
export function refusal(e) {
  if (e.code !== undefined) return refusalText(e.code, e.message);
  const { code, text: serverText } = parseHubRefusal(e.message);
  return refusalText(code, serverText);
}

export async function invoke(method, ...args) {
  say("");
  try {
    return await connection.invoke(method, requestId(), ...args);
  } catch (e) {
    say(t("agent.refused", { detail: refusal(e) }));
    e.shownToAgent = true;
    throw e;
  }
}

// A refusal invoke has shown on the message line ends the click that asked for it; it is not an error of the page.
// Anything else that escapes a handler is still reported.
window.addEventListener("unhandledrejection", event => {
  if (event.reason?.shownToAgent) event.preventDefault();
});

export function option(value, content) {
  const o = document.createElement("option");
  o.value = value;
  o.textContent = content;
  return o;
}

export function selectTab(id) {
  for (const tab of document.querySelectorAll('[role="tab"]')) {
    const selected = tab.id === id;
    tab.setAttribute("aria-selected", String(selected));
    tab.tabIndex = selected ? 0 : -1;
    $(tab.getAttribute("aria-controls")).hidden = !selected;
  }
}
