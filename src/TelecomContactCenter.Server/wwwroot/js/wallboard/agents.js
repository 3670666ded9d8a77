// The agents card: each agent's status, state and time in it, desktop and phone, from the AgentStates push; the time
// in state goes on between pushes.
import { formatDuration, label, t } from "../i18n.js";
import { $, cell } from "./board.js";

export let agents = [];
let agentsAt = Date.now();

/** The AgentStates push: every agent's row, with the time in state counted from now. */
export function onAgents(rows) {
  agents = rows;
  agentsAt = Date.now();
  drawAgents();
}

export function drawAgents() {
  const elapsed = (Date.now() - agentsAt) / 1000;
  $("agent-rows").replaceChildren(...agents.map(a => {
    const row = document.createElement("tr");
    row.dataset.agent = a.agent;
    row.dataset.state = a.state;
    row.dataset.desktop = a.desktopConnected ? "online" : "offline";
    row.dataset.phone = a.phoneRegistered ? "registered" : "none";
    cell(row, a.agent);
    cell(row, `${label("agentStatus", a.status)}${a.breakReason ? ` (${label("breakReason", a.breakReason.startsWith("missed ") ? "missed" : a.breakReason)})` : ""}`);
    cell(row, label("agentState", a.state));
    cell(row, formatDuration(a.secondsInState + elapsed));
    cell(row, t(a.desktopConnected ? "wb.desktop.online" : "wb.desktop.offline"), a.desktopConnected ? "" : "bad-text");
    cell(row, t(a.phoneRegistered ? "wb.phone.registered" : "wb.phone.none"));
    return row;
  }));
}
