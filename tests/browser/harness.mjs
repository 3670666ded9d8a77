// Shared by the browser scripts: how Debian's Chromium is started, and how a script ends (PASS and exit 0, or FAIL
// with the stack, each page's #message line and a screenshot, exit 1), closing what it opened either way.
import { rmSync } from "node:fs";

export const chromiumLaunch = {
  executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
  headless: true,
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync"],
};

/**
 * Runs in a page before its scripts (context.addInitScript): every WebSocket the page opens is kept in
 * window.__sockets, so a test can cut them as a network drop or a server restart would.
 */
export function keepSockets() {
  const Native = window.WebSocket;
  window.__sockets = [];
  window.WebSocket = class extends Native {
    constructor(...args) {
      super(...args);
      window.__sockets.push(this);
    }
  };
}

/**
 * Closes <closables> (browsers, contexts; any may be undefined), removes the <profile> folder and exits. With an
 * <error>: logs it, each page's #message line, saves <failureShot> of every page of <pages>, and exits 1.
 */
export async function finish({ log, error, pages = [], failureShot, closables = [], profile }) {
  if (error) {
    log(`FAIL: ${error.stack ?? error}`);
    for (const page of pages) {
      log(`message "${await page.locator("#message").textContent({ timeout: 1000 }).catch(() => "")}"`);
      if (failureShot) await page.screenshot({ path: failureShot }).catch(() => {});
    }
  } else {
    log("PASS");
  }
  for (const closable of closables) await closable?.close().catch(() => {});
  if (profile) rmSync(profile, { recursive: true, force: true });
  process.exit(error ? 1 : 0);
}
