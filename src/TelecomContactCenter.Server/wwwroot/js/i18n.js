// The desktop's one i18n layer: every user-facing string is looked up here by key, in the agent's chosen
// locale (zh-CN or en), with money, dates and durations formatted for that locale. Pages register their own
// resource modules (js/i18n/<page>.js, each exporting { en: {...}, "zh-CN": {...} }); a missing key shows the
// key itself, which the browser tests look for, so a missing translation is visible rather than silent.
// Keys: "<area>.<name>" for labels, "<group>.<code>" for codes shown through label(group, code) (states,
// categories, bands, reason codes, tiers, stages). Every key exists in both locales.
const supported = ["zh-CN", "en"];
const storageKey = "tcc.locale";
const messages = { en: {}, "zh-CN": {} };
let current = pickInitialLocale();

function pickInitialLocale() {
  const saved = globalThis.localStorage?.getItem(storageKey);
  if (saved && supported.includes(saved)) return saved;
  const preferred = globalThis.navigator?.languages ?? [globalThis.navigator?.language ?? "en"];
  for (const tag of preferred) {
    if (!tag) continue;
    if (tag.toLowerCase().startsWith("zh")) return "zh-CN";
    if (tag.toLowerCase().startsWith("en")) return "en";
  }
  return "en";
}

/** Adds a page's resources: { en: { key: "text" }, "zh-CN": { key: "文本" } }. */
export function register(resources) {
  for (const locale of supported) Object.assign(messages[locale], resources[locale] ?? {});
}

export function locale() {
  return current;
}

export function supportedLocales() {
  return [...supported];
}

/** Switches the locale, remembers the choice, and re-applies the static labels of the page. */
export function setLocale(next) {
  if (!supported.includes(next)) throw new Error(`Unsupported locale ${next}`);
  current = next;
  globalThis.localStorage?.setItem(storageKey, next);
  applyTo(document);
}

/** The text for a key with {name} placeholders filled from params; the key itself when untranslated. */
export function t(key, params = {}) {
  const template = messages[current][key] ?? messages.en[key] ?? key;
  return template.replace(/\{(\w+)\}/g, (whole, name) => (name in params ? String(params[name]) : whole));
}

/** The label of a code (a state, category, band, reason...): key "<group>.<code>", the code only if unknown. */
export function label(group, code) {
  if (code === null || code === undefined || code === "") return "";
  const key = `${group}.${code}`;
  return messages[current][key] ?? messages.en[key] ?? String(code);
}

/**
 * A server refusal in the agent's language: the text of its code (resources "refusal.<code>", js/i18n/refusals.js),
 * or the server's own sentence when the code is missing or not translated yet.
 */
export function refusalText(code, serverText) {
  return code && hasKey(`refusal.${code}`) ? t(`refusal.${code}`) : serverText;
}

/** Splits a hub refusal, "[code] sentence" (the transport may prefix it), into { code, text }. */
export function parseHubRefusal(message) {
  const body = String(message ?? "").replace(/^.*HubException: /, "");
  const match = /^\[([A-Za-z0-9_.-]+)\] ([\s\S]*)$/.exec(body);
  return match ? { code: match[1], text: match[2] } : { code: null, text: body };
}

/**
 * The reason of a complaint's audit entry as the reader reads it. A recorded resolution carries its codes
 * ("BILL-CORRECTED / BILL": resolution, then root-cause category), which are shown by their labels; every other
 * reason is what a person typed and is shown as written.
 */
export function auditReason(trigger, reason) {
  if (!reason) return "";
  const codes = trigger === "RecordResolution" ? /^([A-Z-]+) \/ ([A-Z]+)$/.exec(reason) : null;
  return codes ? t("audit.resolution", { resolution: label("resolution", codes[1]), rootCause: label("category", codes[2]) }) : reason;
}

export function hasKey(key) {
  return key in messages[current] || key in messages.en;
}

export function formatMoney(amount, currency = "CNY") {
  if (amount === null || amount === undefined || Number.isNaN(Number(amount))) return "";
  return new Intl.NumberFormat(current, { style: "currency", currency, currencyDisplay: "narrowSymbol" })
    .format(Number(amount));
}

export function formatNumber(value, options = {}) {
  return new Intl.NumberFormat(current, options).format(Number(value));
}

export function formatDateTime(value) {
  if (!value) return "";
  return new Intl.DateTimeFormat(current, { dateStyle: "medium", timeStyle: "short" }).format(new Date(value));
}

/** Day and time without the year ("Dec 4, 18:00", "12月4日 18:00"), for a narrow cell. */
export function formatDayTime(value) {
  if (!value) return "";
  return new Intl.DateTimeFormat(current, { month: "short", day: "numeric", hour: "2-digit", minute: "2-digit", hourCycle: "h23" })
    .format(new Date(value));
}

export function formatDate(value) {
  if (!value) return "";
  return new Intl.DateTimeFormat(current, { dateStyle: "medium" }).format(new Date(value));
}

export function formatTime(value) {
  if (!value) return "";
  return new Intl.DateTimeFormat(current, { timeStyle: "short" }).format(new Date(value));
}

/** m:ss below an hour, h:mm:ss above; negative durations keep their sign (an SLA past due). */
export function formatDuration(totalSeconds) {
  const sign = totalSeconds < 0 ? "-" : "";
  let s = Math.floor(Math.abs(totalSeconds));
  const h = Math.floor(s / 3600);
  s -= h * 3600;
  const m = Math.floor(s / 60);
  s -= m * 60;
  const pad = n => String(n).padStart(2, "0");
  return h > 0 ? `${sign}${h}:${pad(m)}:${pad(s)}` : `${sign}${m}:${pad(s)}`;
}

/** An SLA's time left or over, read the same on both screens: m:ss or h:mm:ss under a day, days and hours above. */
export function formatSpan(seconds) {
  const s = Math.abs(seconds);
  if (s < 86_400) return formatDuration(s);
  return t("dur.days", { d: Math.floor(s / 86_400), h: Math.floor((s % 86_400) / 3600) });
}

/**
 * Fills the static labels of a page: data-i18n="key" sets the text, data-i18n-attr="attr:key,attr:key" sets
 * attributes (aria-label, placeholder, title). Also sets <html lang> and the document title (data-i18n-title).
 */
export function applyTo(root) {
  const doc = root.ownerDocument ?? root;
  doc.documentElement.lang = current;
  for (const el of root.querySelectorAll("[data-i18n]")) el.textContent = t(el.dataset.i18n);
  for (const el of root.querySelectorAll("[data-i18n-attr]")) {
    for (const pair of el.dataset.i18nAttr.split(",")) {
      const [attr, key] = pair.split(":").map(x => x.trim());
      if (attr && key) el.setAttribute(attr, t(key));
    }
  }
  const titleKey = doc.documentElement.dataset.i18nTitle;
  if (titleKey) doc.title = t(titleKey);
}
