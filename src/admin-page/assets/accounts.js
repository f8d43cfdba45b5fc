// The Accounts tab: list and create accounts, rename them, allow the gateway's default provider
// keys, and manage their own (BYOK) provider keys: typed once, shown only by their last four.
import { api, keyedProviders, query, requestSchemas } from "./api.js";
import { budgetBars, usageCharts } from "./chart.js";
import { actionButton, byId, field, h, showStatus, when } from "./dom.js";
import { fieldsFor } from "./fields.js";
import { act } from "./keys.js";

let cursor = null;

/** Every account (all pages), for the account pickers of the Keys tab. */
async function allAccounts() {
  const accounts = [];
  let next = null;
  do {
    const page = await api("GET", `/accounts${query({ limit: 100, cursor: next })}`);
    accounts.push(...page.accounts);
    next = page.next_cursor;
  } while (next);
  return accounts;
}

/** Fills the account filter and every account picker with the current accounts. */
export async function refreshAccountPickers() {
  const accounts = await allAccounts();
  for (const select of [byId("account-filter"), ...document.querySelectorAll("select[data-accounts]")]) {
    const keep = select.value;
    const first = select.options[0];
    select.textContent = "";
    select.append(first, ...accounts.map((a) => h("option", { value: a.account_id }, `${a.name} (${a.account_id})`)));
    select.value = keep;
  }
}

export async function loadAccounts(append = false) {
  const page = await api("GET", `/accounts${query({ limit: 25, cursor: append ? cursor : undefined })}`);
  const body = byId("accounts");
  if (!append) body.textContent = "";
  for (const a of page.accounts) body.append(renderAccount(a));
  if (!append && page.accounts.length === 0) body.append(h("tr", {}, h("td", { colspan: 4 }, "No accounts yet.")));
  cursor = page.next_cursor;
  byId("more-accounts").hidden = !cursor;
}

function renderAccount(a) {
  const cell = (label, ...content) => h("td", { "data-label": label }, ...content);
  return h(
    "tr",
    { "data-account-id": a.account_id },
    cell("Name", h("strong", {}, a.name), h("br"), h("code", {}, a.account_id)),
    cell("Gateway keys", a.allow_gateway_keys ? "allowed" : "not allowed"),
    cell("Created", when(a.created_at)),
    cell(
      "Actions",
      actionButton("Open", a.name, () => act(() => openAccount(a.account_id))),
    ),
  );
}

/** An account's panel: rename, gateway-key fallback, budget (when offered), provider keys, usage. */
export async function openAccount(accountId) {
  const a = await api("GET", `/accounts/${accountId}`);
  const panel = byId("account-detail");
  panel.hidden = false;
  panel.textContent = "";
  const name = h("input", { id: "account-name", value: a.name, required: true, maxlength: 255 });
  const gateway = h("input", { id: "account-gateway-keys", type: "checkbox", checked: a.allow_gateway_keys });
  // The budget control appears when this gateway's account PATCH accepts a budget.
  const [budgetField] = fieldsFor(await requestSchemas(), "PatchAccountRequest").filter((f) => f.name === "budget");
  const budget = budgetField?.control();
  let budgetChanged = false;
  if (budget) {
    budget.id = "account-edit-budget";
    budgetField.fill(budget, a);
    budget.addEventListener("change", () => {
      budgetChanged = true;
    });
  }
  const edit = h(
    "form",
    { id: "account-edit", class: "grid" },
    field("Name", name),
    h(
      "div",
      { class: "field check" },
      h("label", { for: gateway.id }, "May fall back to the gateway's provider keys"),
      gateway,
    ),
    budget,
    h("button", { type: "submit" }, `Save ${a.name}`),
  );
  edit.addEventListener("submit", (event) => {
    event.preventDefault();
    act(async () => {
      await api("PATCH", `/accounts/${accountId}`, {
        name: name.value.trim(),
        allow_gateway_keys: gateway.checked,
        ...(budgetChanged ? { budget: budgetField.read(budget) } : {}),
      });
      showStatus(`Saved account ${name.value.trim()}.`);
      await Promise.all([loadAccounts(false), refreshAccountPickers()]);
      await openAccount(accountId);
    });
  });
  const keysBody = h("tbody", { id: "provider-keys" });
  const usageBox = h("div", { id: "account-usage" });
  panel.append(
    h(
      "div",
      { class: "panel-head" },
      h("h2", {}, a.name),
      actionButton("Close", a.name, () => {
        panel.hidden = true;
      }),
    ),
    h("p", {}, h("code", {}, a.account_id), ` · created ${when(a.created_at)}`),
    edit,
    h("h3", {}, "Provider keys"),
    h(
      "table",
      { class: "stack" },
      h(
        "thead",
        {},
        h("tr", {}, h("th", {}, "Provider"), h("th", {}, "Key"), h("th", {}, "Updated"), h("th", {}, "Actions")),
      ),
      keysBody,
    ),
    await providerKeyForm(a, keysBody),
    h("h3", {}, "Usage, last 24 hours"),
    usageBox,
  );
  await loadProviderKeys(a, keysBody);
  try {
    const usage = await api("GET", `/accounts/${accountId}/usage`);
    usageBox.append(usage.budget ? budgetBars(usage.budget, "account") : "", usageCharts(usage));
  } catch (err) {
    usageBox.append(h("p", { class: "muted" }, `Usage is not available: ${err.message}`));
  }
}

async function loadProviderKeys(a, body) {
  const { provider_keys: keys } = await api("GET", `/accounts/${a.account_id}/provider-keys`);
  body.textContent = "";
  if (keys.length === 0)
    body.append(h("tr", {}, h("td", { colspan: 4 }, "None: requests use the gateway's keys only if allowed.")));
  for (const k of keys) {
    body.append(
      h(
        "tr",
        { "data-provider": k.provider },
        h("td", { "data-label": "Provider" }, k.provider),
        h("td", { "data-label": "Key" }, `…${k.last4}`),
        h("td", { "data-label": "Updated" }, when(k.updated_at)),
        h(
          "td",
          { "data-label": "Actions" },
          actionButton(
            "Delete",
            `${k.provider} key of ${a.name}`,
            () =>
              act(async () => {
                if (!confirm(`Delete the ${k.provider} key of ${a.name}?`)) return;
                await api("DELETE", `/accounts/${a.account_id}/provider-keys/${k.provider}`);
                showStatus(`Deleted the ${k.provider} key of ${a.name}.`);
                await loadProviderKeys(a, body);
              }),
            "danger",
          ),
        ),
      ),
    );
  }
}

/** Add or replace a provider key: the provider from the gateway's own list, the key typed once. */
async function providerKeyForm(a, body) {
  const providers = await keyedProviders();
  const provider = h(
    "select",
    { id: "pk-provider" },
    providers.map((p) => h("option", { value: p }, p)),
  );
  const secret = h("input", { id: "pk-secret", type: "password", autocomplete: "off", required: true, minlength: 8 });
  const form = h(
    "form",
    { id: "provider-key-form", class: "grid" },
    field("Provider", provider),
    field("API key (stored encrypted, never shown again)", secret),
    h("button", { type: "submit" }, `Save provider key for ${a.name}`),
  );
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    act(async () => {
      await api("PUT", `/accounts/${a.account_id}/provider-keys/${provider.value}`, { api_key: secret.value.trim() });
      secret.value = "";
      showStatus(`Saved the ${provider.value} key of ${a.name}.`);
      await loadProviderKeys(a, body);
    });
  });
  return form;
}

export function initAccounts() {
  byId("account-create").addEventListener("submit", (event) => {
    event.preventDefault();
    act(async () => {
      const made = await api("POST", "/accounts", {
        name: byId("new-account-name").value.trim(),
        allow_gateway_keys: byId("new-account-gateway-keys").checked,
      });
      event.target.reset();
      showStatus(`Created account ${made.name}.`);
      await Promise.all([loadAccounts(false), refreshAccountPickers()]);
    });
  });
  byId("more-accounts").addEventListener("click", () => act(() => loadAccounts(true)));
}
