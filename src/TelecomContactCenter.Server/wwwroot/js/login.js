import { api, homePage } from "./session.js";
import { applyTo, locale, register, setLocale, t } from "./i18n.js";
import common from "./i18n/common.js";
import loginText from "./i18n/login.js";

register(common);
register(loginText);
applyTo(document);
const form = document.getElementById("sign-in");
const error = document.getElementById("error");
const localeChoice = document.getElementById("locale");
localeChoice.value = locale();
let errorKey = null;
let demoUsers = null;

/** The refusal in the page's language, from its HTTP status: the server's English sentence is never shown. */
function showError(key, params = {}) {
  errorKey = key ? { key, params } : null;
  error.textContent = key ? t(key, params) : "";
}

function drawDemo() {
  const demo = document.getElementById("demo");
  demo.hidden = !demoUsers;
  if (demoUsers) demo.textContent = t("login.demo", { users: demoUsers.join(", ") });
}

localeChoice.addEventListener("change", () => {
  setLocale(localeChoice.value);
  if (errorKey) showError(errorKey.key, errorKey.params);
  drawDemo();
});

form.addEventListener("submit", async event => {
  event.preventDefault();
  showError(null);
  if (!form.userName.value.trim() || !form.password.value) {
    showError("login.missing");
    return;
  }
  try {
    await api("/api/auth/cookie", {
      method: "POST", signIn: true,
      body: { userName: form.userName.value.trim(), password: form.password.value },
    });
  } catch (e) {
    if (e.status === 401) showError("login.wrongCredentials");
    else if (e.status === 429) showError("login.wait", { seconds: e.retryAfter ?? "?" });
    else showError("login.failed");
    form.password.select();
    return;
  }
  // The anti-forgery token is bound to the user, so the next page fetches a fresh one.
  const me = await api("/api/auth/me");
  const returnUrl = new URLSearchParams(location.search).get("returnUrl");
  location.assign(returnUrl && returnUrl.startsWith("/") && !returnUrl.startsWith("//") ? returnUrl : homePage(me));
});

// Enabled only now: a native submit before the handler exists would put the password in the URL.
document.getElementById("sign-in-button").disabled = false;

const info = await fetch("/api/auth/sign-in-info").then(r => r.json());
if (info.demoMode) {
  demoUsers = info.demoUsers;
  drawDemo();
}
