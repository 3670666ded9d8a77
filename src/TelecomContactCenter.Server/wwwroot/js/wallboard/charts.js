// What the wallboard draws with Chart.js: the KPI tiles and their trend, the queue trend (fed by queues.js) and the
// callback load for tomorrow. The charts are made by createCharts(), once wallboard.js has checked the sign-in.
import { api, serverNow, text } from "../session.js";
import { formatDateTime, locale, t } from "../i18n.js";
import { $, percent, queueLabel, tierLabel } from "./board.js";

let kpis = null;
let callbacks = null;
let kpiChart = null;
export let queueChart = null;
let callbackChart = null;

const timeAxis = () => ({
  type: "linear",
  ticks: { maxTicksLimit: 6, callback: value => new Intl.DateTimeFormat(locale(), { timeStyle: "short" }).format(new Date(value)) },
});

/** The KPI trend, the queue trend and the callback load, on the page's canvases. */
export function createCharts() {
  kpiChart = new Chart($("kpi-chart"), {
    type: "line",
    data: { datasets: [
      { code: "wb.trend.fcr", label: t("wb.trend.fcr"), data: [], borderColor: "#0b5cad", backgroundColor: "#0b5cad" },
      { code: "wb.trend.takeUp", label: t("wb.trend.takeUp"), data: [], borderColor: "#a3470a", backgroundColor: "#a3470a" },
    ] },
    options: { animation: false, maintainAspectRatio: false, scales: { x: timeAxis(), y: { min: 0, max: 100 } },
      layout: { padding: { right: 16 } }, plugins: { legend: { labels: { boxWidth: 12 } } } },
  });
  queueChart = new Chart($("queue-chart"), {
    type: "line",
    data: { datasets: [] },
    options: { animation: false, maintainAspectRatio: false, scales: { x: timeAxis(), y: { beginAtZero: true, ticks: { precision: 0 } } },
      layout: { padding: { right: 16 } }, plugins: { legend: { labels: { boxWidth: 12 } } } },
  });
  callbackChart = new Chart($("callback-chart"), {
    type: "bar",
    data: { labels: [...Array(24).keys()].map(h => `${h}`), datasets: [{ label: "", data: [], backgroundColor: "#0b5cad" }] },
    options: { animation: false, maintainAspectRatio: false, plugins: { legend: { display: false } },
      scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } },
  });
}

// Trends span at least the last ten minutes, so a single point sits at the right edge of a readable time axis.
export function push(chart, values) {
  const at = serverNow();
  values.forEach((v, i) => chart.data.datasets[i].data.push({ x: at, y: v }));
  chart.data.datasets.forEach(d => { if (d.data.length > 120) d.data.shift(); });
  const first = Math.min(...chart.data.datasets.map(d => d.data[0]?.x ?? at));
  chart.options.scales.x.min = Math.min(first, at - 10 * 60_000);
  chart.options.scales.x.max = at;
  chart.update();
}

export async function loadCallbacks() {
  callbacks = await api(`/api/wallboard/callbacks?utcOffsetMinutes=${-new Date().getTimezoneOffset()}`);
  drawCallbacks();
}

export function drawCallbacks() {
  if (!callbacks) return;
  const c = callbacks;
  $("callback-summary").textContent = c.pending === 0 ? t("wb.callbacks.none")
    : t("wb.callbacks.summary", { pending: c.pending, overdue: c.overdue, today: c.dueRestOfToday });
  const busiest = c.tomorrowByHour.reduce((best, n, h) => (n > c.tomorrowByHour[best] ? h : best), 0);
  $("callback-tomorrow").textContent = t("wb.callbacks.tomorrow", { count: c.dueTomorrow }) +
    (c.dueTomorrow > 0 ? ` · ${t("wb.callbacks.busiest", { hour: busiest, count: c.tomorrowByHour[busiest] })}` : "");
  callbackChart.data.datasets[0].label = t("wb.callbacks.tomorrow", { count: c.dueTomorrow });
  callbackChart.data.datasets[0].data = c.tomorrowByHour;
  callbackChart.update();
  $("callback-next").replaceChildren(...c.next.slice(0, 4).map(n =>
    text("li", `${formatDateTime(n.dueAt)} · ${tierLabel(n.tier)} · ${n.callerNumber} · ${queueLabel(n.queue)}`)));
}

export function drawKpis() {
  if (!kpis) return;
  $("fcr").textContent = t("wb.kpi.fcrValue", { percent: percent(kpis.fcrRatePercent), count: kpis.resolvedComplaints });
  $("take-up").textContent = t("wb.kpi.takeUpValue", { percent: percent(kpis.offerTakeUpPercent), count: kpis.offersWithOutcome });
}

/** The Kpis push: the tiles and the next point of their trend. */
export function onKpis(value) {
  kpis = value;
  drawKpis();
  push(kpiChart, [value.fcrRatePercent, value.offerTakeUpPercent]);
}

/** The trends' legends in the board's language. */
export function relabelCharts() {
  // The language can change while the board is still signing in, before the charts exist.
  if (!kpiChart) return;
  kpiChart.data.datasets.forEach(d => { d.label = t(d.code); });
  queueChart.data.datasets.forEach(d => { d.label = tierLabel(d.code); });
  kpiChart.update();
  queueChart.update();
}
