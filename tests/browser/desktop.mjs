// Drives Debian's Chromium through the agent desktop at 1366×768 in desktop-answer mode (agent1 has no phone).
// Usage: node desktop.mjs <baseUrl> <outputDir>
// Prints READY_FOR_CALL once agent1 is Available; the C# test then places a real sipp call that waits for the
// service's BYE. The page accepts, opens a complaint and resolves it with the customer's confirmation (closed),
// escalates a second one with a reason, records the offers, switches to zh-CN and checks that no English is left
// on the agent's path, runs axe-core in both languages, then hangs up (the C# test checks sipp got BYE), sees a
// server refusal in Chinese and completes wrap-up with notes, which the next pop's recent contacts show. Then (READY_FOR_PHONE_CALL) agent1's sipp phone registers and rings unanswered: the pop leaves
// at the ring timeout and the desktop asks the agent to check the phone. Screenshots land in <outputDir>. Exit 0 with "PASS"; 1 with "FAIL: ...".
import { chromium } from "playwright-core";
import { mkdtempSync, mkdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createRequire } from "node:module";

const [baseUrl, outputDir] = process.argv.slice(2);
const password = process.env.TCC_PASSWORD ?? "ContactCenter!1";
const timeout = 90_000;
const notes = "客户要求下月回电，账单已核对";
const axePath = createRequire(import.meta.url).resolve("axe-core/axe.min.js");
mkdirSync(outputDir, { recursive: true });
const started = Date.now();
const log = message => console.log(`[${((Date.now() - started) / 1000).toFixed(1)} s] ${message}`);
const profile = mkdtempSync(join(tmpdir(), "tcc-chromium-desktop-"));
let context;

async function waitText(locator, pattern) {
  await locator.filter({ hasText: pattern }).first().waitFor({ timeout });
}

/** Visible text nodes outside data (names, numbers, typed text) that contain a Latin word: English left on screen. */
async function englishOnScreen(page) {
  return page.evaluate(() => {
    const found = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const value = node.textContent.trim();
      const element = node.parentElement;
      if (!value || !element || element.closest(".data, kbd, [lang='en'], script, style, [hidden], dialog:not([open])")) continue;
      const style = getComputedStyle(element);
      if (style.display === "none" || style.visibility === "hidden" || element.getClientRects().length === 0) continue;
      if (/[A-Za-z]{3,}/.test(value.replace(/\bAlt\+[A-Z]\b/g, ""))) found.push(value);
    }
    return found;
  });
}

async function axe(page, name) {
  await page.addScriptTag({ path: axePath });
  const result = await page.evaluate(() => window.axe.run(document, { runOnly: ["wcag2a", "wcag2aa"] }));
  const violations = result.violations.map(v => `${v.id}: ${v.nodes.map(n => n.target.join(" ")).join(", ")}`);
  if (violations.length) throw new Error(`axe-core (${name}): ${violations.join("; ")}`);
  log(`axe-core ${name}: 0 violations`);
}

async function workComplaint(page, complaint, untilTrigger) {
  for (let step = 0; step < 4; step++) {
    const triggers = await complaint.locator("button[data-trigger]").evaluateAll(bs => bs.map(b => b.dataset.trigger));
    if (triggers.includes(untilTrigger)) return;
    const next = triggers.find(n => n === "Classify" || n === "StartWork");
    if (!next) throw new Error(`no path to ${untilTrigger} among: ${triggers.join(", ")}`);
    const before = await complaint.getAttribute("data-state");
    await complaint.locator(`button[data-trigger="${next}"]`).click();
    await page.waitForFunction(([id, state]) => document.querySelector(`li.complaint[data-complaint-id="${id}"]`)?.dataset.state !== state,
      [await complaint.getAttribute("data-complaint-id"), before], { timeout });
  }
  throw new Error(`${untilTrigger} never offered`);
}

/** Every key of the desktop's resources in both locales, so no label falls back to the other language or its key. */
async function checkResources() {
  for (const name of ["common", "agent", "refusals"]) {
    const { default: resources } = await import(`../../src/TelecomContactCenter.Server/wwwroot/js/i18n/${name}.js`);
    const en = Object.keys(resources.en);
    const zh = Object.keys(resources["zh-CN"]);
    const unmatched = [...en.filter(k => !zh.includes(k)), ...zh.filter(k => !en.includes(k))];
    if (unmatched.length) throw new Error(`i18n/${name}.js: keys in one locale only: ${unmatched.join(", ")}`);
  }
  log("i18n resources: every key in both locales");
}

try {
  await checkResources();
  context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    headless: true,
    baseURL: baseUrl,
    locale: "en-US",
    viewport: { width: 1366, height: 768 },
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
      "--disable-component-update", "--disable-sync"],
  });
  const page = context.pages()[0] ?? await context.newPage();
  // An error the page throws (an exception, a rejection nobody handles) fails the run at its end.
  const pageErrors = [];
  page.on("pageerror", e => { pageErrors.push(e.message); log(`[pageerror] ${e.message}`); });
  page.on("console", m => { if (m.type() === "error") log(`[console] ${m.text()}`); });
  page.on("response", r => { if (r.status() >= 400) log(`${r.status()} ${r.request().method()} ${r.url()}`); });
  page.setDefaultTimeout(timeout);
  await page.goto("/login.html");
  await page.getByLabel("User name").fill("agent1");
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL("**/agent.html", { timeout });
  await waitText(page.locator("#connection"), /^Connected$/);
  if (await page.evaluate(() => document.documentElement.lang) !== "en") throw new Error("<html lang> is not en for an English browser");
  await waitText(page.locator("#device"), /desktop answer/);
  await page.getByLabel("Status", { exact: true }).selectOption("Available");
  await page.getByRole("button", { name: "Set status" }).click();
  await waitText(page.locator("#state"), /^Available/);
  await waitText(page.locator("#alerts-empty"), /No alerts since you signed in/);
  log("agent1 available in desktop-answer mode");

  console.log("READY_FOR_CALL");
  await page.locator("#accept").waitFor({ state: "visible", timeout });
  const name = await page.locator("#call-name").textContent();
  if (!/\*{4}/.test(name) || /@|SIPpTag|^[0-9a-f-]{20,}$/.test(name)) throw new Error(`the call is not named by its caller: ${name}`);
  await waitText(page.locator("#call-tier"), /Platinum/);
  await page.locator("#no-audio").waitFor({ state: "visible", timeout });
  log(`ringing: ${name}`);
  await page.keyboard.press("Alt+A");
  await waitText(page.locator("#call-state"), /Connected/);
  await waitText(page.locator("#talk-timer"), /Talk \d+:\d\d/);
  log("accepted on the desktop with Alt+A");
  await page.getByRole("button", { name: "Hold" }).click();
  await waitText(page.locator("#call-state"), /On hold/);
  // Held, the button offers to take the caller back.
  await page.getByRole("button", { name: "Resume" }).click();
  await waitText(page.locator("#call-state"), /^Connected$/);
  await page.getByRole("button", { name: "Hold" }).waitFor({ timeout });
  log("held and resumed from the call bar");

  // A complaint opened, resolved with codes, confirmed by the customer on the call: closed.
  await page.getByRole("tab", { name: "Complaint" }).click();
  await page.getByLabel("Category", { exact: true }).selectOption("BILL");
  await page.getByLabel("Severity", { exact: true }).selectOption("High");
  await page.getByLabel("Summary", { exact: true }).fill("Charged twice for October roaming");
  await page.getByRole("button", { name: "Open complaint" }).click();
  const billing = page.locator("li.complaint[data-category='BILL']").filter({ hasText: "Charged twice" }).first();
  await billing.waitFor({ timeout });
  await workComplaint(page, billing, "ResolveOnCall");
  await billing.locator('button[data-trigger="ResolveOnCall"]').click();
  const resolveDialog = page.locator("#resolve-dialog");
  await resolveDialog.waitFor({ state: "visible", timeout });
  if (await page.locator("#root-cause").inputValue() !== "BILL") throw new Error("root cause does not default to the category");
  await page.getByLabel("Resolution", { exact: true }).selectOption("BILL-CORRECTED");
  await page.getByLabel(/confirmed the resolution/).check();
  await resolveDialog.getByRole("button", { name: "Resolve" }).click();
  await page.waitForFunction(() => document.querySelector("li.complaint[data-category='BILL']")?.dataset.state === "Closed", null, { timeout });
  await billing.locator("summary").click();
  await waitText(billing.locator(".audit"), /Customer confirmed: close/);
  log("complaint opened, resolved, confirmed and closed");

  // A second complaint escalated: the dialog asks why; the reason is in the audit trail.
  await page.getByLabel("Category", { exact: true }).selectOption("NET");
  if (await page.getByLabel("Fault kind").inputValue() !== "Fault") throw new Error("a network complaint does not default to Fault");
  await page.getByLabel("Summary", { exact: true }).fill("No 4G signal at home since Monday");
  await page.getByRole("button", { name: "Open complaint" }).click();
  const network = page.locator("li.complaint[data-category='NET']").first();
  await network.waitFor({ timeout });
  await workComplaint(page, network, "EscalateToBackOffice");
  await network.locator('button[data-trigger="EscalateToBackOffice"]').click();
  await page.locator("#reason-dialog").getByLabel("Reason", { exact: true }).fill("Needs a site survey by network operations");
  await page.locator("#reason-ok").click();
  await page.waitForFunction(() => document.querySelector("li.complaint[data-category='NET']")?.dataset.state === "EscalatedBackOffice", null, { timeout });
  await network.locator("summary").click();
  await waitText(network.locator(".audit"), /site survey/);
  log("second complaint escalated with a reason");

  // Offers: distinct colours per outcome.
  await page.getByRole("tab", { name: "Offers" }).click();
  const offers = page.locator("#offer-list li.offer");
  const count = await offers.count();
  for (let i = 0; i < count; i++) {
    const outcome = i === 0 ? "Declined" : "NotPresented";
    await offers.nth(i).locator(`button[data-outcome="${outcome}"]`).click();
    await offers.nth(i).locator(`button[data-outcome="${outcome}"][aria-pressed="true"]`).waitFor({ timeout });
  }
  if (count > 0) {
    const declined = await offers.first().locator('button[data-outcome="Declined"]').evaluate(b => getComputedStyle(b).backgroundColor);
    if (declined === "rgb(29, 107, 47)") throw new Error("Declined is shown in the Accepted colour");
  }
  log(`offers recorded: ${count}`);
  await page.waitForTimeout(1200);
  await page.screenshot({ path: join(outputDir, "agent-desktop-en.png") });
  await axe(page, "en");

  // zh-CN: the switcher changes every label and <html lang>; nothing English left on the agent's path.
  await page.getByLabel("Language").selectOption("zh-CN");
  if (await page.evaluate(() => document.documentElement.lang) !== "zh-CN") throw new Error("<html lang> did not follow the locale");
  for (const tab of ["tab-offers", "tab-complaint", "tab-wrapup"]) {
    await page.locator(`#${tab}`).click();
    const english = await englishOnScreen(page);
    if (english.length) throw new Error(`English on the zh-CN desktop (${tab}): ${JSON.stringify(english)}`);
  }
  await page.locator("#tab-complaint").click();
  await page.screenshot({ path: join(outputDir, "agent-desktop-zh-CN-complaint.png") });
  await page.locator("#tab-offers").click();
  await page.screenshot({ path: join(outputDir, "agent-desktop-zh-CN.png") });
  await axe(page, "zh-CN");
  log("zh-CN: no English on the agent's path");

  // Hang up on the desktop: the C# test checks that the sipp caller received BYE.
  await page.keyboard.press("Alt+H");
  await page.locator("#panel-wrapup").waitFor({ state: "visible", timeout });
  await waitText(page.locator("#call-state"), /话后处理/);
  log("hung up on the desktop; wrap-up tab shown");
  // A refusal from the server (no disposition yet) reads in Chinese: its code is translated, not its English sentence.
  await page.getByRole("button", { name: "完成话后处理" }).click();
  await waitText(page.locator("#message"), /话后处理未完成/);
  const refusalEnglish = await englishOnScreen(page);
  if (refusalEnglish.length) throw new Error(`English in the zh-CN refusal: ${JSON.stringify(refusalEnglish)}`);
  log("zh-CN: the server's refusal is shown in Chinese");
  await page.getByLabel("备注").fill(notes);
  await page.getByLabel("处理结果").selectOption("Resolved");
  await page.screenshot({ path: join(outputDir, "agent-desktop-zh-CN-wrapup.png") });
  await page.getByRole("button", { name: "完成话后处理" }).click();
  await waitText(page.locator("#state"), /待机/);
  log("wrap-up completed with notes");

  // Now agent1's phone registers and rings without answering: at the ring timeout the pop goes at once, and the
  // desktop says the phone did not answer and asks the agent to choose (here: a break).
  await page.getByLabel("语言").selectOption("en");
  console.log("READY_FOR_PHONE_CALL");
  await page.locator("#phone-answer").waitFor({ state: "visible", timeout });
  await waitText(page.locator("#device"), /Phone registered/);
  // The same customer calls again: the 360's recent contacts carry the notes typed at the last wrap-up.
  await waitText(page.locator("#customer-body .contact-notes"), new RegExp(notes));
  log("the next pop's recent contacts show the wrap-up notes");
  if (await page.locator("#accept").isVisible()) throw new Error("Accept offered on the desktop while the phone rings");
  log("ringing on the registered phone");
  await page.locator("#phone-check").waitFor({ state: "visible", timeout });
  await waitText(page.locator("#call-name"), /^No call$/);
  await waitText(page.locator("#message"), /withdrawn/);
  await waitText(page.locator("#state"), /phone did not answer/);
  // The reason select shows the break the desk put the agent on, not the first reason of the list.
  await page.locator("#break-reason").waitFor({ state: "visible", timeout });
  await page.waitForFunction(() => document.querySelector("#break-reason").selectedOptions[0]?.textContent === "phone did not answer", null, { timeout });
  await page.screenshot({ path: join(outputDir, "agent-desktop-phone-check.png") });
  await page.getByRole("button", { name: "Take a break" }).click();
  await page.locator("#phone-check").waitFor({ state: "hidden", timeout });
  await waitText(page.locator("#state"), /^On break \(Lunch\)/);
  await page.waitForFunction(() => document.querySelector("#break-reason").selectedOptions[0]?.textContent === "Lunch", null, { timeout });
  if (await page.locator("#break-reason option[data-automatic]").count()) throw new Error("the desk's automatic break is still a choice after the agent chose lunch");
  log("phone did not answer: pop cleared, agent asked, chose a break");
  if (pageErrors.length) throw new Error(`the page threw: ${pageErrors.join(" | ")}`);
  log("PASS");
  await context.close();
  rmSync(profile, { recursive: true, force: true });
  process.exit(0);
} catch (error) {
  log(`FAIL: ${error.stack ?? error}`);
  for (const tab of context?.pages() ?? []) {
    log(`message "${await tab.locator("#message").textContent({ timeout: 1000 }).catch(() => "")}"`);
    await tab.screenshot({ path: join(outputDir, "failure-desktop.png") }).catch(() => {});
  }
  await context?.close().catch(() => {});
  rmSync(profile, { recursive: true, force: true });
  process.exit(1);
}
