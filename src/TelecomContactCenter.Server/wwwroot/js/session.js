// Sign-in state shared by the pages: who is signed in, and writes that carry the anti-forgery header.
import { t } from "./i18n.js";

let csrf = null;
let clockSkew = 0;

/** Desk settings; also learns how far the browser's clock is from the server's. */
export async function loadSettings() {
  const settings = await fetch("/api/desk/settings").then(r => r.json());
  clockSkew = new Date(settings.serverTime).getTime() - Date.now();
  return settings;
}

export function serverNow() {
  return Date.now() + clockSkew;
}

export async function antiforgeryToken() {
  if (!csrf) {
    const response = await fetch("/api/auth/antiforgery", { credentials: "same-origin" });
    csrf = (await response.json()).token;
  }
  return csrf;
}

/**
 * A hub connection for a screen that must never go dark (an agent's desk, a wall display): SignalR's own reconnect
 * retries at once, then every 1–5 s for as long as the server is away; if the connection closes for good (the server
 * ended it, or that reconnect gave up), it is started again on the same back-off. The page hears `reconnecting()`
 * while a try is under way, `disconnected()` while it waits for the next, and `reconnected()` after every new
 * connection, to redraw from the server. When a try fails because the sign-in has ended (expired, signed out
 * elsewhere, keys changed), no retry can succeed: the page goes to the sign-in page at once.
 */
export async function lastingHubConnection(url, { reconnecting, disconnected, reconnected }) {
  // SignalR's negotiate error does not keep the status, so a failed try asks the server who is signed in: a 401
  // there ends the retries; no answer at all (server away) keeps them going.
  let signedOut = false;
  const checkSignIn = async () => {
    if (signedOut) return;
    const response = await fetch("/api/auth/me", { credentials: "same-origin" }).catch(() => null);
    if (response?.status === 401 && !signedOut) {
      signedOut = true;
      await connection.stop();
      toSignIn();
    }
  };
  const connection = new signalR.HubConnectionBuilder()
    .withUrl(url, { headers: { "X-CSRF-TOKEN": await antiforgeryToken() } })
    .withAutomaticReconnect({
      nextRetryDelayInMilliseconds: retry => {
        if (retry.previousRetryCount > 0) checkSignIn();
        return Math.min(5000, retry.previousRetryCount * 1000);
      },
    })
    .build();
  connection.onreconnecting(() => reconnecting());
  connection.onreconnected(() => reconnected());
  connection.onclose(async () => {
    disconnected();
    for (let attempt = 1; connection.state === "Disconnected" && !signedOut; attempt++) {
      await new Promise(resolve => setTimeout(resolve, Math.min(5000, attempt * 1000)));
      if (signedOut) return;
      try {
        reconnecting();
        await connection.start();
        await reconnected();
      } catch {
        disconnected();
        await checkSignIn();
      }
    }
  });
  return connection;
}

/** To the sign-in page, coming back here after it. */
function toSignIn() {
  location.assign(`/login.html?returnUrl=${encodeURIComponent(location.pathname)}`);
}

export async function api(path, options = {}) {
  const method = (options.method ?? "GET").toUpperCase();
  const headers = { Accept: "application/json", ...(options.headers ?? {}) };
  if (method !== "GET") {
    headers["X-CSRF-TOKEN"] = await antiforgeryToken();
  }
  let body = options.body;
  if (body !== undefined && typeof body !== "string") {
    headers["Content-Type"] = "application/json";
    body = JSON.stringify(body);
  }
  const response = await fetch(path, { method, headers, body, credentials: "same-origin" });
  if (response.status === 401 && !options.signIn) {
    toSignIn();
    throw new Error("Signed out");
  }
  if (!response.ok) {
    const problem = await response.json().catch(() => ({}));
    const error = new Error(problem.detail ?? problem.title ?? `${method} ${path}: ${response.status}`);
    // The refusal's stable code (ProblemDetails extension "code"), which the pages translate.
    error.code = problem.code ?? null;
    error.status = response.status;
    error.retryAfter = response.headers.get("Retry-After");
    throw error;
  }
  return response.status === 204 ? null : response.json();
}

/** Where a signed-in user works: supervisors and admins on the wallboard, agents on their desk. */
export function homePage(me) {
  return me.roles.includes("Supervisor") || me.roles.includes("Admin") ? "/wallboard.html" : "/agent.html";
}

/**
 * Returns {userName, roles} or sends the browser to the sign-in page; for a user without one of the roles, shows
 * where they work instead and never returns.
 */
export async function requireUser(role) {
  const me = await api("/api/auth/me");
  if (role && !me.roles.some(r => role.includes(r))) {
    // The page this user may open instead, as the sign-in page chooses it.
    const home = homePage(me);
    const back = text("a", t(home === "/agent.html" ? "common.toDesk" : "common.toWallboard"));
    back.href = home;
    document.body.replaceChildren(text("p", t("common.wrongRole", { user: me.userName })), back);
    // The page stops here: the caller's await never returns, so nothing of the page runs for the wrong role.
    return new Promise(() => {});
  }
  document.querySelectorAll("[data-user]").forEach(e => { e.textContent = me.userName; });
  document.querySelectorAll("[data-signout]").forEach(b => b.addEventListener("click", async () => {
    await api("/api/auth/signout", { method: "POST" });
    location.assign("/login.html");
  }));
  return me;
}

export function text(tag, content, className) {
  const element = document.createElement(tag);
  element.textContent = content ?? "";
  if (className) element.className = className;
  return element;
}

export function button(label, onClick, className) {
  const b = text("button", label, className);
  b.type = "button";
  b.addEventListener("click", onClick);
  return b;
}

export function duration(seconds) {
  const s = Math.max(0, Math.round(seconds));
  const h = Math.floor(s / 3600), m = Math.floor((s % 3600) / 60), r = s % 60;
  return h > 0 ? `${h}h ${String(m).padStart(2, "0")}m` : `${m}:${String(r).padStart(2, "0")}`;
}

export function requestId() {
  return crypto.randomUUID();
}
