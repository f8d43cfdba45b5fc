// The admin page's entry: connect with the admin key, switch tabs, load keys and accounts.

import { initAccounts, loadAccounts, refreshAccountPickers } from "./accounts.js";
import { ApiError, adminKey, api, setAdminKey } from "./api.js";
import { byId, showError } from "./dom.js";
import { act, initKeyForms, loadModules } from "./keys.js";
import { initSecretBox } from "./secret.js";

function showTab(name) {
  for (const tab of document.querySelectorAll("[data-tab]")) {
    const selected = tab.dataset.tab === name;
    tab.setAttribute("aria-pressed", String(selected));
    byId(`${tab.dataset.tab}-tab`).hidden = !selected;
  }
}

/** The provision and import forms need the gateway's schemas: built once, on the first connect. */
let formsReady;

async function connect() {
  byId("who").textContent = "";
  const ok = await act(async () => {
    await api("GET", "/modules?limit=1");
    return true;
  });
  if (!ok) return;
  await act(async () => {
    formsReady ??= initKeyForms();
    await formsReady;
    await refreshAccountPickers();
    await Promise.all([loadModules(false), loadAccounts(false)]);
  });
  byId("who").textContent = "connected";
  byId("workspace").hidden = false;
}

// Every handler is attached before anything is awaited, so a click that comes early (a slow
// network, a fast admin) is never lost to a native form submission.
initSecretBox();
initAccounts();
for (const tab of document.querySelectorAll("[data-tab]")) {
  tab.addEventListener("click", () => showTab(tab.dataset.tab));
}
byId("connect-form").addEventListener("submit", (event) => {
  event.preventDefault();
  setAdminKey(byId("admin-key").value.trim());
  connect().catch((err) => showError(err instanceof ApiError ? err.message : `Connecting failed: ${err.message}`));
});
byId("admin-key").value = adminKey();
if (adminKey()) connect().catch((err) => showError(`Connecting failed: ${err.message}`));
