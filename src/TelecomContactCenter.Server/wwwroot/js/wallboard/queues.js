// The queues card and the alarms above it: waiting calls per queue and tier from the QueueStatistics push, with the
// longest wait going on between pushes, and what a supervisor must act on now.
import { text } from "../session.js";
import { formatDuration, t } from "../i18n.js";
import { $, cell, percent, queueLabel, tierLabel } from "./board.js";
import { push, queueChart } from "./charts.js";

const vipTiers = new Set(["Platinum", "Gold"]);
export let queues = [];
// When the queue statistics arrived: a waiting call's wait goes on between pushes (the server pushes on changes).
let queuesAt = Date.now();
const longestWait = q => q.longestWaitSeconds + (Date.now() - queuesAt) / 1000;

export function drawQueues() {
  $("queue-rows").replaceChildren(...queues.map(q => {
    const row = document.createElement("tr");
    cell(row, queueLabel(q.queue));
    // A queue with no call yet is one row for all tiers.
    cell(row, q.tier ? tierLabel(q.tier) : t("wb.queues.allTiers"));
    cell(row, String(q.waiting));
    cell(row, q.waiting > 0 ? formatDuration(longestWait(q)) : "–");
    cell(row, q.averageSpeedOfAnswerSeconds === null ? "–" : formatDuration(q.averageSpeedOfAnswerSeconds));
    cell(row, String(q.abandoned));
    cell(row, percent(q.serviceLevelPercent));
    cell(row, String(q.agentsAvailable));
    if (q.waitingPastTarget > 0) row.className = "late";
    if (!q.tier) row.classList.add("quiet");
    return row;
  }));
  // Every queue of the IVR flows is listed from the start; only a server without flows has none to show.
  $("queues-empty").hidden = queues.length > 0;
  drawAlarms();
}

export function onQueues(rows) {
  queues = rows;
  queuesAt = Date.now();
  drawQueues();
  rows.map(q => q.tier).filter(tier => tier).forEach(tier => {
    if (!queueChart.data.datasets.some(d => d.code === tier)) {
      queueChart.data.datasets.push({ code: tier, label: tierLabel(tier), data: [] });
    }
  });
  push(queueChart, queueChart.data.datasets.map(d =>
    rows.filter(q => q.tier === d.code).reduce((sum, q) => sum + q.waiting, 0)));
}

// What a supervisor must act on now, worst first: a VIP past target with nobody free, calls past target,
// answer speed over target, abandons.
function drawAlarms() {
  const alarms = [];
  for (const q of queues) {
    const names = { queue: queueLabel(q.queue), tier: tierLabel(q.tier), target: formatDuration(q.targetSeconds) };
    if (q.waitingPastTarget > 0 && q.agentsAvailable === 0 && vipTiers.has(q.tier)) {
      alarms.push([0, t("wb.alarm.vipNoAgent", { ...names, wait: formatDuration(longestWait(q)) })]);
    } else if (q.waitingPastTarget > 0) {
      alarms.push([1, t("wb.alarm.pastTarget", { ...names, count: q.waitingPastTarget })]);
    }
    if (q.averageSpeedOfAnswerSeconds !== null && q.averageSpeedOfAnswerSeconds > q.targetSeconds) {
      alarms.push([2, t("wb.alarm.asa", { ...names, asa: formatDuration(q.averageSpeedOfAnswerSeconds) })]);
    }
    if (q.abandoned > 0) alarms.push([3, t("wb.alarm.abandons", { ...names, count: q.abandoned })]);
  }
  alarms.sort((a, b) => a[0] - b[0]);
  $("alarm-list").replaceChildren(...(alarms.length === 0
    ? [text("li", t("wb.noAlarms"), "ok")]
    : alarms.map(([level, message]) => text("li", message, `alarm level-${level}`))));
  $("alarms").classList.toggle("raised", alarms.some(([level]) => level <= 1));
}
