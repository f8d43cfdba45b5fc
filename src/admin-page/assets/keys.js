// The Keys tab: search and filter, the table, provision and import, and a key's panel (edit
// every field, disable/enable, rotate, revoke, delete, usage chart, budget bar).
import { api, query, requestSchemas } from "./api.js";
import { budgetBars, usageCharts } from "./chart.js";
import { actionButton, byId, h, showError, showStatus, when } from "./dom.js";
import { bodyFrom, buildFields, fieldsFor } from "./fields.js";
import { showSecret } from "./secret.js";

let cursor = null;
/** The module whose panel is open, so its row's buttons and the panel stay in step. */
let openModuleId = null;

/** Runs an admin action; shows the API's error sentence instead of throwing. */
export async function act(work) {
  showError("");
  try {
    return await work();
  } catch (err) {
    showError(err.message);
    return undefined;
  }
}

function statusOf(m) {
  if (m.status === "active" && m.expires_at && Date.parse(m.expires_at) <= Date.now()) return "expired";
  return m.status;
}

function filters() {
  return { q: byId("q").value.trim(), status: byId("status-filter").value, account_id: byId("account-filter").value };
}

export async function loadModules(append = false) {
  const page = await api("GET", `/modules${query({ limit: 25, ...filters(), cursor: append ? cursor : undefined })}`);
  const body = byId("modules");
  if (!append) body.textContent = "";
  for (const m of page.modules) body.append(renderRow(m));
  if (!append && page.modules.length === 0) body.append(h("tr", {}, h("td", { colspan: 6 }, "No keys match.")));
  cursor = page.next_cursor;
  byId("more").hidden = !cursor;
}

function renderRow(m) {
  const status = statusOf(m);
  const cell = (label, ...content) => h("td", { "data-label": label }, ...content);
  return h(
    "tr",
    { "data-module-id": m.module_id, class: `status-${status}` },
    cell("Name", h("strong", {}, m.name), h("br"), h("code", {}, m.module_id)),
    cell("Status", h("span", { class: `badge ${status}` }, status)),
    cell("Key", `…${m.key_last4}`, m.key_format === "imported" ? " (imported)" : ""),
    cell("Expires", when(m.expires_at)),
    cell("Last used", when(m.last_used_at)),
    cell("Actions", h("div", { class: "actions" }, rowActions(m))),
  );
}

function rowActions(m) {
  const buttons = [actionButton("Open", m.name, () => act(() => openModule(m.module_id)))];
  if (m.status === "active") buttons.push(actionButton("Disable", m.name, () => switchStatus(m, "disable")));
  if (m.status === "disabled") buttons.push(actionButton("Enable", m.name, () => switchStatus(m, "enable")));
  if (m.status !== "revoked") {
    buttons.push(actionButton("Rotate", m.name, () => rotate(m)));
    buttons.push(actionButton("Revoke", m.name, () => revoke(m), "danger"));
  }
  buttons.push(actionButton("Delete", m.name, () => remove(m), "danger"));
  return buttons;
}

async function refresh() {
  await loadModules(false);
  if (openModuleId) await openModule(openModuleId);
}

function switchStatus(m, action) {
  return act(async () => {
    await api("POST", `/modules/${m.module_id}/${action}`);
    showStatus(`${m.name} is ${action === "disable" ? "disabled" : "enabled"}; effective on the next request.`);
    await refresh();
  });
}

function rotate(m) {
  return act(async () => {
    const grace = prompt(`Rotate ${m.name}: seconds the old key keeps working (0 = stop now, at most 604800):`, "3600");
    if (grace === null) return;
    const rotated = await api("POST", `/modules/${m.module_id}/rotate`, { grace_seconds: Number(grace) });
    showSecret(`New key for ${m.name}`, rotated.secret_key);
    await refresh();
  });
}

function revoke(m) {
  return act(async () => {
    if (!confirm(`Revoke ${m.name}? Its keys stop working on the next request, for good.`)) return;
    await api("POST", `/modules/${m.module_id}/revoke`);
    showStatus(`${m.name} is revoked.`);
    await refresh();
  });
}

function remove(m) {
  return act(async () => {
    if (!confirm(`Delete ${m.name}? The key stops working and the record is removed.`)) return;
    await api("DELETE", `/modules/${m.module_id}`);
    if (openModuleId === m.module_id) closeModule();
    showStatus(`${m.name} is deleted.`);
    await loadModules(false);
  });
}

function closeModule() {
  openModuleId = null;
  byId("detail").hidden = true;
}

/** Opens a key's panel: its edit form (every PATCH field), usage chart and budget bar. */
export async function openModule(moduleId) {
  const m = await api("GET", `/modules/${moduleId}`);
  openModuleId = moduleId;
  const panel = byId("detail");
  panel.hidden = false;
  panel.textContent = "";
  const schemas = await requestSchemas();
  const fields = fieldsFor(schemas, "PatchModuleRequest");
  const form = h("form", { id: "edit", class: "grid" }, h("button", { type: "submit" }, `Save changes to ${m.name}`));
  const controls = buildFields(form, fields, schemas.PatchModuleRequest?.properties);
  const changed = new Set();
  for (const f of fields) {
    f.fill?.(controls.get(f.name), m);
    const mark = () => changed.add(f.name);
    controls.get(f.name).addEventListener("input", mark);
    controls.get(f.name).addEventListener("change", mark);
  }
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    act(async () => {
      if (changed.size === 0) return showStatus("Nothing changed.");
      const saved = await api("PATCH", `/modules/${moduleId}`, bodyFrom(fields, controls, changed));
      showStatus(`Saved ${saved.name}; effective on the next request.`);
      await refresh();
    });
  });
  const usageBox = h("div", { id: "usage", "aria-live": "polite" });
  const granularity = h(
    "select",
    { id: "usage-granularity", onchange: () => act(() => drawUsage(moduleId, granularity.value, usageBox)) },
    h("option", { value: "hour" }, "last 24 hours, by hour"),
    h("option", { value: "day" }, "last 30 days, by day"),
  );
  panel.append(
    h(
      "div",
      { class: "panel-head" },
      h("h2", { id: "detail-title" }, m.name),
      actionButton("Close", m.name, closeModule),
    ),
    h(
      "p",
      {},
      h("code", {}, m.module_id),
      ` · ${m.status} · key …${m.key_last4} · account ${m.account_id ?? "none"} · created ${when(m.created_at)}`,
    ),
    h(
      "p",
      { class: "limits" },
      `This hour: ${m.usage.used} of ${m.usage.limit} requests used, ${m.usage.remaining} left.`,
    ),
    m.usage.budget ? budgetBars(m.usage.budget, "module") : null,
    h("h3", {}, "Usage"),
    h("div", { class: "field" }, h("label", { for: "usage-granularity" }, "Usage shown"), granularity),
    usageBox,
    h("h3", {}, "Edit"),
    form,
  );
  await drawUsage(moduleId, "hour", usageBox);
}

async function drawUsage(moduleId, granularity, box) {
  const from = new Date(Date.now() - (granularity === "day" ? 30 : 1) * 86_400_000).toISOString();
  box.textContent = "";
  try {
    const usage = await api("GET", `/modules/${moduleId}/usage${query({ granularity, from })}`);
    box.append(usageCharts(usage));
  } catch (err) {
    box.append(h("p", { class: "muted" }, `Usage is not available: ${err.message}`));
  }
}

/** Builds the provision and import forms from the gateway's request schemas. */
export async function initKeyForms() {
  const schemas = await requestSchemas();
  for (const [formId, schemaName, path, done] of [
    [
      "provision",
      "ProvisionRequest",
      "/modules/provision",
      (made) => showSecret(`New key for ${made.name}`, made.secret_key),
    ],
    ["import", "ImportRequest", "/modules/import", (made) => showStatus(`Imported ${made.name} (${made.module_id}).`)],
  ]) {
    const form = byId(formId);
    const fields = fieldsFor(schemas, schemaName);
    const controls = buildFields(form, fields, schemas[schemaName]?.properties);
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      act(async () => {
        const made = await api("POST", path, bodyFrom(fields, controls));
        done(made);
        form.reset();
        await loadModules(false);
      });
    });
  }
  for (const id of ["q", "status-filter", "account-filter"]) {
    byId(id).addEventListener(id === "q" ? "input" : "change", () => act(() => loadModules(false)));
  }
  byId("filters").addEventListener("submit", (event) => {
    event.preventDefault();
    act(() => loadModules(false));
  });
  byId("more").addEventListener("click", () => act(() => loadModules(true)));
}
