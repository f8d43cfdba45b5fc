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

async function connect() {
  byId("who").textContent = "";
  const ok = await act(async () => {
    await api("GET", "/modules?limit=1");
    return true;
  });
  if (!ok) return;
  byId("who").textContent = "connected";
  byId("workspace").hidden = false;
  await act(async () => {
    await refreshAccountPickers();
    await Promise.all([loadModules(false), loadAccounts(false)]);
  });
}

async function start() {
  initSecretBox();
  initAccounts();
  await initKeyForms();
  for (const tab of document.querySelectorAll("[data-tab]")) {
    tab.addEventListener("click", () => showTab(tab.dataset.tab));
  }
  byId("connect-form").addEventListener("submit", (event) => {
    event.preventDefault();
    setAdminKey(byId("admin-key").value.trim());
    connect();
  });
  byId("admin-key").value = adminKey();
  if (adminKey()) await connect();
}

start().catch((err) => showError(err instanceof ApiError ? err.message : `The page failed to start: ${err.message}`));
