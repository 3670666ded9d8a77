import { api } from "./session.js";

const form = document.getElementById("sign-in");
const error = document.getElementById("error");

form.addEventListener("submit", async event => {
  event.preventDefault();
  error.textContent = "";
  try {
    await api("/api/auth/cookie", {
      method: "POST", signIn: true,
      body: { userName: form.userName.value.trim(), password: form.password.value },
    });
  } catch (e) {
    error.textContent = e.message;
    form.password.select();
    return;
  }
  // The anti-forgery token is bound to the user, so the next page fetches a fresh one.
  const me = await api("/api/auth/me");
  const returnUrl = new URLSearchParams(location.search).get("returnUrl");
  const home = me.roles.includes("Supervisor") || me.roles.includes("Admin") ? "/wallboard.html" : "/agent.html";
  location.assign(returnUrl && returnUrl.startsWith("/") && !returnUrl.startsWith("//") ? returnUrl : home);
});

// Enabled only now: a native submit before the handler exists would put the password in the URL.
document.getElementById("sign-in-button").disabled = false;

const info = await fetch("/api/auth/sign-in-info").then(r => r.json());
if (info.demoMode) {
  const demo = document.getElementById("demo");
  demo.textContent = `Demo mode: ${info.demoUsers.join(", ")} (password in the README).`;
  demo.hidden = false;
}
