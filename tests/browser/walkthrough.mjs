// A user's walkthrough in Debian's Chromium with a Chinese browser: the sign-in page, two calls in a row on the agent
// desktop (desktop answer), and the wallboard in English and Chinese. What it holds the product to is what a user
// noticed on a fresh clone:
//   - the sign-in page speaks the browser's language (labels, the wrong-password message, the language switch);
//   - the break reason is asked for only when the agent chooses a break;
//   - the agent's SLA countdowns past a day read in days and hours, as on the wallboard;
//   - a recorded resolution reads in words in the complaint's history, not as its codes;
//   - the wrap-up line follows the disposition as soon as it is chosen, and names the offers still without outcome;
//   - the next call's wrap-up starts with no disposition (the last call's choice must not be recorded for it);
//   - the Complaint tab counts the caller's open complaints;
//   - the wallboard shows no raw {slot} in any text or label, and its agent table's headings fit, in both languages;
//   - before any call the wallboard lists every queue of the demo flow, idle, with the agents free for each;
//   - the account manager's number reads grouped as it is dialled;
//   - the wallboard keeps reconnecting while the server is away, however long, and is live again when it is back;
//   - a desk whose sign-in has ended goes to the sign-in page at once when its connection drops.
// Usage: node walkthrough.mjs <baseUrl> <outputDir>. Prints READY_FOR_CALL before each of the two calls (the C# test
// places a sipp call that waits for the service's BYE). Exit 0 with "PASS"; 1 with "FAIL: ...".
import { chromium } from "playwright-core";
import { mkdtempSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromiumLaunch, finish, keepSockets } from "./harness.mjs";

const [baseUrl, outputDir] = process.argv.slice(2);
const password = process.env.TCC_PASSWORD ?? "ContactCenter!1";
const timeout = 90_000;
mkdirSync(outputDir, { recursive: true });
const started = Date.now();
const log = message => console.log(`[${((Date.now() - started) / 1000).toFixed(1)} s] ${message}`);
const profile = mkdtempSync(join(tmpdir(), "tcc-chromium-walk-"));
let context;
let board;
let boardContext;
let wall;

function check(condition, message) {
  if (!condition) throw new Error(message);
}

async function waitText(locator, pattern) {
  await locator.filter({ hasText: pattern }).first().waitFor({ timeout });
}

function watch(page, name) {
  page.on("pageerror", e => log(`[${name} pageerror] ${e.message}`));
  page.on("console", m => { if (m.type() === "error") log(`[${name} console] ${m.text()}`); });
  page.setDefaultTimeout(timeout);
}

/** Visible text, labels and titles that still hold a {slot} the page never filled. */
async function rawSlots(page) {
  return page.evaluate(() => {
    const found = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (/\{\w+\}/.test(node.textContent) && !node.parentElement?.closest("script, style")) found.push(node.textContent.trim());
    }
    for (const element of document.querySelectorAll("[aria-label], [title], [placeholder]")) {
      for (const name of ["aria-label", "title", "placeholder"]) {
        const value = element.getAttribute(name);
        if (value && /\{\w+\}/.test(value)) found.push(`${element.id || element.tagName} ${name}="${value}"`);
      }
    }
    if (/\{\w+\}/.test(document.title)) found.push(`title: ${document.title}`);
    return found;
  });
}

/** Headings of the wallboard's agent table cut short (an ellipsis or a clipped word). */
async function cutHeadings(page) {
  return page.locator(".agents thead th").evaluateAll(ths => ths.filter(th => th.scrollWidth > th.clientWidth + 1).map(th => th.textContent));
}

/** Queue names and the queue table's headings cut to fit ("Compl…", "Retenti…"), or running into the next column. */
async function cutQueueText(page) {
  return page.locator(".queues thead th, .queues td:first-child, .queues td:nth-child(2)")
    .evaluateAll(cells => cells.filter(c => c.scrollWidth > c.clientWidth + 1).map(c => c.textContent));
}

async function takeCall(page) {
  console.log("READY_FOR_CALL");
  await page.locator("#accept").waitFor({ state: "visible", timeout });
  await page.keyboard.press("Alt+A");
  await waitText(page.locator("#call-state"), /通话中/);
}

try {
  context = await chromium.launchPersistentContext(profile, { ...chromiumLaunch, baseURL: baseUrl, locale: "zh-CN", viewport: { width: 1366, height: 768 } });
  // The desk's WebSockets too: the walk ends its sign-in and cuts its connection.
  await context.addInitScript(keepSockets);
  const page = context.pages()[0] ?? await context.newPage();
  watch(page, "desk");

  // The sign-in page in the browser's language, its refusal too, and its language switch.
  await page.goto("/login.html");
  await waitText(page.locator("h1"), /^联络中心登录$/);
  check(await page.evaluate(() => document.documentElement.lang) === "zh-CN", "the sign-in page's <html lang> is not zh-CN");
  await page.getByLabel("用户名").fill("agent1");
  await page.getByLabel("密码").fill("not the password");
  await page.getByRole("button", { name: "登录" }).click();
  await waitText(page.locator("#error"), /^用户名不存在或密码错误。$/);
  await page.screenshot({ path: join(outputDir, "sign-in-zh-CN.png") });
  await page.getByLabel("语言").selectOption("en");
  await waitText(page.locator("#error"), /^Unknown user name or wrong password\.$/);
  await waitText(page.locator("label[for=password]"), /^Password$/);
  await page.getByLabel("Language").selectOption("zh-CN");
  log("sign-in page in zh-CN and en, wrong password in both");
  await page.getByLabel("密码").fill(password);
  await page.getByRole("button", { name: "登录" }).click();
  await page.waitForURL("**/agent.html", { timeout });
  await waitText(page.locator("#connection"), /^已连接$/);
  check(await page.locator("#break-reason").isHidden(), "the break reason is asked for while the agent is not choosing a break");
  await page.locator("#status").selectOption("OnBreak");
  await page.locator("#break-reason").waitFor({ state: "visible", timeout });
  log("break reason asked for only when choosing a break");
  await page.locator("#status").selectOption("Available");
  await page.getByRole("button", { name: "设置状态" }).click();
  await waitText(page.locator("#state"), /^空闲可接/);
  log("agent1 signed in and available");

  // The supervisor's wallboard before any call: the queues panel says why it is empty.
  board = await chromium.launch(chromiumLaunch);
  boardContext = await board.newContext({ baseURL: baseUrl, locale: "en-US", viewport: { width: 1920, height: 1080 } });
  // Keeps the board's WebSockets reachable so the walk can cut them as a network drop or a server restart would.
  await boardContext.addInitScript(keepSockets);
  wall = await boardContext.newPage();
  watch(wall, "board");
  await wall.goto("/login.html");
  await wall.getByLabel("User name").fill("supervisor1");
  await wall.getByLabel("Password").fill(password);
  await wall.getByRole("button", { name: "Sign in" }).click();
  await wall.waitForURL("**/wallboard.html", { timeout });
  await wall.locator("#agent-rows tr").first().waitFor({ timeout });
  // Before any call every queue of the demo flow is listed, idle, one row for all tiers, with the agents free for it.
  await wall.locator("#queue-rows tr.quiet").first().waitFor({ timeout });
  const quiet = await wall.locator("#queue-rows tr.quiet").evaluateAll(rows => rows.map(r => [...r.cells].map(c => c.textContent)));
  const listed = quiet.map(r => r[0]);
  for (const queue of ["VIP desk", "Complaints", "Retention", "Billing", "Network", "General"]) {
    check(listed.includes(queue), `queue ${queue} missing from the board before any call: ${JSON.stringify(listed)}`);
  }
  check(quiet.every(r => r[1] === "All tiers" && r[2] === "0"), `an idle queue row is not "All tiers, 0 waiting": ${JSON.stringify(quiet)}`);
  const freeFor = queue => Number(quiet.find(r => r[0] === queue)[7]);
  check(freeFor("VIP desk") === 1 && freeFor("General") === 1 && freeFor("Retention") === 0,
    `agents free per queue do not follow agent1's skills (vip, general, complaints): ${JSON.stringify(quiet)}`);
  check(await wall.locator("#queues-empty").isHidden(), "the queues panel says it has nothing to show");
  log("wallboard before any call: every queue listed, idle, with the agents free for it");

  // My work's SLA countdowns past a day read in days and hours, as on the wallboard, not as "剩余 123:18:39".
  await page.locator("#work-complaints .countdown").first().filter({ hasText: /\S/ }).waitFor({ timeout });
  const clocks = await page.locator("#work-complaints .countdown").allTextContents();
  const hourClocks = clocks.filter(c => Number(/(\d+):\d\d:\d\d/.exec(c)?.[1] ?? 0) >= 24);
  check(hourClocks.length === 0, `SLA countdowns past a day in hours: ${JSON.stringify(hourClocks)}`);
  check(clocks.some(c => /\d+天\d+小时/.test(c)), `no countdown in days among: ${JSON.stringify(clocks)}`);
  log("my work's SLA countdowns read in days and hours");

  // First call: a complaint resolved with codes on the call, its history in words.
  await takeCall(page);
  // The caller's value tier reads with its reason in words, as the stage does.
  const tierReason = await page.locator("#customer-body .tier-reason").textContent({ timeout });
  check(/近12个月收入排名前\d+(\.\d+)?%/.test(tierReason), `the tier shows no reason in words: ${tierReason}`);
  log("the tier reads with its revenue reason in words");
  // The Platinum caller's account manager, with a number grouped as it is read aloud, not +861060000001.
  await page.locator("#customer-body dd").filter({ hasText: /, \+86 10 6000 0001$/ }).waitFor({ timeout });
  log("the account manager's number reads grouped");
  // The products the caller holds, named in the desk's language from the catalogue, not as the BSS's English names.
  const held = await page.locator("#customer-body").textContent();
  check(held.includes("家庭宽带300M") && !held.includes("Home Broadband"), `products not named in Chinese: ${held}`);
  log("held products read in the desk's language");
  await page.getByRole("tab", { name: "投诉" }).click();
  await page.locator("#complaint-category").selectOption("BILL");
  await page.locator("#complaint-summary").fill("十月流量包重复扣费");
  await page.getByRole("button", { name: "登记投诉" }).click();
  const complaint = page.locator("li.complaint[data-category='BILL']").filter({ hasText: "十月流量包重复扣费" }).first();
  await complaint.waitFor({ timeout });
  for (let step = 0; step < 4 && !(await complaint.locator('button[data-trigger="ResolveOnCall"]').count()); step++) {
    const before = await complaint.getAttribute("data-state");
    await complaint.locator('button[data-trigger="Classify"], button[data-trigger="StartWork"]').first().click();
    await page.waitForFunction(([id, state]) => document.querySelector(`li.complaint[data-complaint-id="${id}"]`)?.dataset.state !== state,
      [await complaint.getAttribute("data-complaint-id"), before], { timeout });
  }
  await complaint.locator('button[data-trigger="ResolveOnCall"]').click();
  await page.locator("#resolution-code").selectOption("REFUND-ISSUED");
  await page.locator("#resolve-ok").click();
  await page.waitForFunction(() => document.querySelector("li.complaint[data-category='BILL']")?.dataset.state === "ResolvedPendingConfirmation",
    null, { timeout });
  await complaint.locator("summary").click();
  await waitText(complaint.locator(".audit"), /已退款，根本原因：账单/);
  const audit = await complaint.locator(".audit").textContent();
  check(!/REFUND-ISSUED|\/ BILL/.test(audit), `the complaint's history shows codes: ${audit}`);
  log("recorded resolution reads in words in the history");

  // Hang up; the wrap-up line names the offers without an outcome, then follows the disposition as it is chosen.
  await page.keyboard.press("Alt+H");
  await page.locator("#panel-wrapup").waitFor({ state: "visible", timeout });
  await waitText(page.locator("#call-state"), /话后处理/);
  await page.getByRole("tab", { name: "推荐" }).click();
  const offers = page.locator("#offer-list li.offer");
  const count = await offers.count();
  check(count > 0, "the Platinum caller was offered nothing");
  const firstTitle = (await offers.first().locator("h3").textContent()).replace(/^★ /, "").split(" · ")[0];
  await page.getByRole("tab", { name: /话后处理/ }).click();
  await waitText(page.locator("#wrapup-missing"), new RegExp(`${count}条推荐的结果（[^）]*${firstTitle}`));
  await page.getByRole("tab", { name: "推荐" }).click();
  for (let i = 0; i < count; i++) {
    await offers.nth(i).locator('button[data-outcome="NotPresented"]').click();
    await offers.nth(i).locator('button[data-outcome="NotPresented"][aria-pressed="true"]').waitFor({ timeout });
  }
  await page.getByRole("tab", { name: /话后处理/ }).click();
  await waitText(page.locator("#wrapup-missing"), /^尚需：处理结果$/);
  await page.locator("#disposition").selectOption("InfoGiven");
  await waitText(page.locator("#wrapup-missing"), /^可以完成。$/);
  log("wrap-up line names the offers left and follows the disposition when chosen");
  await page.getByRole("button", { name: "完成话后处理" }).click();
  await waitText(page.locator("#state"), /待机/);

  // Second call: its wrap-up starts with no disposition chosen.
  await takeCall(page);
  // The complaint opened on the first call is still open (awaiting confirmation): the Complaint tab says so.
  await page.locator("#complaint-count").filter({ hasText: /^1$/ }).waitFor({ state: "visible", timeout });
  log("the Complaint tab counts the caller's open complaint");
  await page.keyboard.press("Alt+H");
  await page.locator("#panel-wrapup").waitFor({ state: "visible", timeout });
  await waitText(page.locator("#call-state"), /话后处理/);
  const carried = await page.locator("#disposition").inputValue();
  check(carried === "", `the second call's wrap-up starts with the last call's disposition: ${carried}`);
  await page.screenshot({ path: join(outputDir, "agent-desktop-zh-CN-second-wrapup.png") });
  await page.locator("#disposition").selectOption("Resolved");
  await page.waitForFunction(() => !/处理结果/.test(document.getElementById("wrapup-missing").textContent), null, { timeout });
  log("the next call's wrap-up starts with no disposition");
  await page.getByRole("tab", { name: "推荐" }).click();
  for (let i = 0, n = await offers.count(); i < n; i++) {
    await offers.nth(i).locator('button[data-outcome="NotPresented"]').click();
    await offers.nth(i).locator('button[data-outcome="NotPresented"][aria-pressed="true"]').waitFor({ timeout });
  }
  await page.getByRole("tab", { name: /话后处理/ }).click();
  await page.getByRole("button", { name: "完成话后处理" }).click();
  await waitText(page.locator("#state"), /待机/);

  // The wallboard in English at 1920×1080, then in Chinese: no raw slots, the agent table's headings whole.
  await wall.locator("#queue-rows tr").first().waitFor({ timeout });
  await wall.locator("#callback-tomorrow").filter({ hasText: /\S/ }).waitFor({ timeout });
  for (const language of ["en", "zh-CN"]) {
    if (language !== "en") await wall.locator("#locale").selectOption(language);
    const slots = await rawSlots(wall);
    check(slots.length === 0, `raw slots on the ${language} wallboard: ${JSON.stringify(slots)}`);
    const cut = await cutHeadings(wall);
    check(cut.length === 0, `agent table headings cut on the ${language} wallboard: ${JSON.stringify(cut)}`);
    const cutQueues = await cutQueueText(wall);
    check(cutQueues.length === 0, `queue names or headings cut on the ${language} wallboard: ${JSON.stringify(cutQueues)}`);
    const headings = await wall.locator(".agents thead th").allTextContents();
    check(new Set(headings).size === headings.length, `two agent table columns share a heading (${language}): ${headings.join(" | ")}`);
  }
  await wall.screenshot({ path: join(outputDir, "wallboard-walkthrough-zh-CN.png") });
  log("wallboard: no raw slots, agent headings and queue names whole and distinct in en and zh-CN");

  // The server away longer than SignalR's default retries (4 attempts over 42 s, then it gave up for good): the board
  // keeps trying, and is live again once the server is back.
  const negotiations = new Promise((resolve, reject) => {
    let count = 0;
    wall.on("request", r => { if (r.url().includes("/hubs/supervisor/negotiate") && ++count === 6) resolve(); });
    setTimeout(() => reject(new Error(`the wallboard stopped trying to reconnect after ${count} attempts`)), timeout);
  });
  await boardContext.setOffline(true);
  await wall.evaluate(() => window.__sockets.forEach(s => s.close(4000, "network drop")));
  await waitText(wall.locator("#connection"), /^正在重连/);
  await negotiations;
  await boardContext.setOffline(false);
  await waitText(wall.locator("#connection"), /^实时$/);
  log("wallboard kept reconnecting past the default retries and is live again");

  // An agent who opens the wallboard is told they may not, and given the way back to their desk.
  await page.goto("/wallboard.html");
  await page.getByText(/无权打开此页面/).waitFor({ timeout });
  await page.getByRole("link", { name: "前往坐席工作台" }).click();
  await page.waitForURL("**/agent.html", { timeout });
  await waitText(page.locator("#connection"), /^已连接$/);
  log("an agent on the wallboard page is shown the way back to the desk");

  // The desk's sign-in ends (its cookie gone, as when it expires) and its connection drops: every reconnect is now
  // refused with 401, so the desk goes to the sign-in page at once instead of showing "reconnecting" until some
  // other request finds out.
  await context.clearCookies();
  await page.evaluate(() => window.__sockets.forEach(s => s.close(4000, "network drop")));
  await page.waitForURL(/\/login\.html\?returnUrl=%2Fagent\.html$/, { timeout: 10_000 });
  log("a desk whose sign-in ended goes to the sign-in page at once");

  await finish({ log, closables: [board, context], profile });
} catch (error) {
  await finish({ log, error, pages: context?.pages() ?? [], failureShot: join(outputDir, "failure-walkthrough.png"), closables: [board, context], profile });
}
