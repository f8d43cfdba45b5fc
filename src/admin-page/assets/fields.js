// The module fields an admin can set, each with its control, how a module's value fills it and
// how its value becomes the request body. Provision, import and edit forms are built from this
// one list, filtered by what the gateway's OpenAPI schema for that request accepts.
import { h } from "./dom.js";

const lines = (text) =>
  text
    .split(/[\n,]/)
    .map((s) => s.trim())
    .filter(Boolean);

/** "" → null (the API's documented meaning of null for the field), else a whole number. */
const intOrNull = (text) => (text.trim() === "" ? null : Number(text));

function numberInput(name, placeholder) {
  return h("input", { name, type: "number", min: 1, step: 1, inputmode: "numeric", placeholder });
}

function listInput(name, placeholder) {
  return h("textarea", { name, rows: 2, placeholder });
}

/** ISO time → the value of a datetime-local input in the admin's own time zone. */
function toLocalInput(iso) {
  if (!iso) return "";
  const d = new Date(iso);
  return new Date(d.getTime() - d.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
}

export const MODULE_FIELDS = [
  {
    name: "name",
    label: "Name",
    control: () => h("input", { name: "name", required: true, maxlength: 255, autocomplete: "off" }),
    read: (el) => el.value.trim(),
    fill: (el, m) => {
      el.value = m.name;
    },
  },
  {
    name: "secret_key",
    label: "Existing key (typed once, never shown again)",
    control: () =>
      h("input", { name: "secret_key", type: "password", required: true, minlength: 32, autocomplete: "off" }),
    read: (el) => el.value.trim(),
  },
  {
    name: "expires_in_days",
    label: "Expires in (days, 1–365)",
    control: () => h("input", { name: "expires_in_days", type: "number", min: 1, max: 365, value: 90, required: true }),
    read: (el) => Number(el.value),
  },
  {
    name: "expires_at",
    label: "Expires at (your local time)",
    hint: "At most 365 days away.",
    control: () => h("input", { name: "expires_at", type: "datetime-local" }),
    read: (el) => (el.value ? new Date(el.value).toISOString() : undefined),
    fill: (el, m) => {
      el.value = toLocalInput(m.expires_at);
    },
  },
  {
    name: "account_id",
    label: "Account",
    control: () => h("select", { name: "account_id", "data-accounts": "" }, h("option", { value: "" }, "none")),
    read: (el) => el.value || undefined,
  },
  {
    name: "rate_limit_per_hour",
    label: "Requests per hour (per key)",
    hint: "Empty: the gateway default.",
    control: () => numberInput("rate_limit_per_hour", "default"),
    read: (el) => intOrNull(el.value),
    fill: (el, m) => {
      el.value = m.rate_limit_per_hour ?? "";
    },
  },
  {
    name: "rate_limit_per_visitor_per_hour",
    label: "Requests per hour per visitor IP",
    hint: "Empty: no per-visitor limit.",
    control: () => numberInput("rate_limit_per_visitor_per_hour", "none"),
    read: (el) => intOrNull(el.value),
    fill: (el, m) => {
      el.value = m.rate_limit_per_visitor_per_hour ?? "";
    },
  },
  {
    name: "max_output_tokens",
    label: "Output tokens per answer (cap)",
    hint: "Empty: the gateway default.",
    control: () => numberInput("max_output_tokens", "default"),
    read: (el) => intOrNull(el.value),
    fill: (el, m) => {
      el.value = m.max_output_tokens ?? "";
    },
  },
  {
    name: "allowed_origins",
    label: "Allowed origins (one per line)",
    hint: "Empty: any origin. Wildcards one level deep: https://*.example.com",
    control: () => listInput("allowed_origins", "https://app.example.com"),
    read: (el) => lines(el.value),
    fill: (el, m) => {
      el.value = m.allowed_origins.join("\n");
    },
  },
  {
    name: "allowed_models",
    label: "Allowed models (one per line)",
    hint: "Empty: any model. provider/model, like openai/gpt-4o-mini",
    control: () => listInput("allowed_models", "openai/gpt-4o-mini"),
    read: (el) => lines(el.value),
    fill: (el, m) => {
      el.value = m.allowed_models.join("\n");
    },
  },
  {
    name: "allowed_builtin_tools",
    label: "Provider built-in tools (billed extra)",
    control: builtinToolsControl,
    read: (el) => [...el.querySelectorAll("input:checked")].map((box) => box.value),
    fill: (el, m) => {
      for (const box of el.querySelectorAll("input")) box.checked = (m.allowed_builtin_tools ?? []).includes(box.value);
    },
  },
  {
    name: "allow_passthrough",
    label: "Allow the native passthrough (/providers/…)",
    control: () => h("input", { name: "allow_passthrough", type: "checkbox" }),
    read: (el) => el.checked,
    fill: (el, m) => {
      el.checked = Boolean(m.allow_passthrough);
    },
  },
  {
    name: "budget",
    label: "Budget",
    hint: "Period and at least one of tokens and USD; period “none” removes the budget.",
    control: budgetControl,
    read: readBudget,
    fill: fillBudget,
  },
];

/** One labelled checkbox per tool the gateway's schema lists; none checked means none allowed. */
function builtinToolsControl(schema, formId) {
  const tools = schema?.items?.enum ?? [];
  return h(
    "fieldset",
    { name: "allowed_builtin_tools", class: "group" },
    h("legend", {}, "Provider built-in tools this key may use (billed extra; none checked: none)"),
    tools.map((tool) => {
      const id = `${formId}-tool-${tool}`;
      return h(
        "span",
        { class: "field check" },
        h("label", { for: id }, tool),
        h("input", { id, type: "checkbox", value: tool }),
      );
    }),
  );
}

function budgetControl() {
  return h(
    "fieldset",
    { name: "budget", class: "group" },
    h("legend", {}, "Budget"),
    h(
      "label",
      {},
      "Period ",
      h(
        "select",
        { "data-budget": "period" },
        ["none", "day", "week", "month", "total"].map((p) => h("option", { value: p }, p)),
      ),
    ),
    h("label", {}, "Tokens ", h("input", { "data-budget": "tokens", type: "number", min: 1, step: 1 })),
    h("label", {}, "USD ", h("input", { "data-budget": "usd", type: "number", min: 0, step: "0.01" })),
  );
}

function readBudget(el) {
  const part = (name) => el.querySelector(`[data-budget=${name}]`);
  const period = part("period").value;
  if (period === "none") return null;
  const budget = { period };
  if (part("tokens").value) budget.tokens = Number(part("tokens").value);
  if (part("usd").value) budget.usd = Number(part("usd").value);
  return budget;
}

function fillBudget(el, m) {
  const part = (name) => el.querySelector(`[data-budget=${name}]`);
  part("period").value = m.budget?.period ?? "none";
  part("tokens").value = m.budget?.tokens ?? "";
  part("usd").value = m.budget?.usd ?? "";
}

/** The fields of `schemaName` (an OpenAPI request schema) this page knows, in the list's order. */
export function fieldsFor(schemas, schemaName) {
  const properties = Object.keys(schemas[schemaName]?.properties ?? {});
  return MODULE_FIELDS.filter((f) => properties.includes(f.name));
}

/**
 * Builds the controls of `fields` into `form` (before its submit button), each labelled;
 * `properties` are the request schema's, for controls that offer the schema's choices.
 */
export function buildFields(form, fields, properties = {}) {
  const controls = new Map();
  const submit = form.querySelector("[type=submit]");
  for (const f of fields) {
    const control = f.control(properties[f.name], form.id);
    control.id = `${form.id}-${f.name}`;
    controls.set(f.name, control);
    const wrapper =
      control.tagName === "FIELDSET"
        ? control
        : h(
            "div",
            { class: control.type === "checkbox" ? "field check" : "field" },
            h("label", { for: control.id }, f.label),
            control,
            f.hint ? h("small", {}, f.hint) : null,
          );
    form.insertBefore(wrapper, submit);
  }
  return controls;
}

/** The request body from a form's controls; `only` limits it to fields the admin changed. */
export function bodyFrom(fields, controls, only) {
  const body = {};
  for (const f of fields) {
    if (only && !only.has(f.name)) continue;
    const value = f.read(controls.get(f.name));
    if (value !== undefined) body[f.name] = value;
  }
  return body;
}
