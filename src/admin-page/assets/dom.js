// Small DOM helpers for the admin page: elements built with textContent only (never innerHTML),
// so nothing an API returns can become markup.

/** An element with attributes (`on*` functions become listeners) and children (strings or nodes). */
export function h(tag, attributes = {}, ...children) {
  const el = document.createElement(tag);
  setAttributes(el, attributes);
  el.append(...children.flat().filter((c) => c !== null && c !== undefined && c !== false));
  return el;
}

/** An SVG element with attributes and children. */
export function svg(tag, attributes = {}, ...children) {
  const el = document.createElementNS("http://www.w3.org/2000/svg", tag);
  setAttributes(el, attributes);
  el.append(...children.flat().filter((c) => c !== null && c !== undefined && c !== false));
  return el;
}

function setAttributes(el, attributes) {
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith("on") && typeof value === "function") el.addEventListener(name.slice(2), value);
    else el.setAttribute(name, value === true ? "" : String(value));
  }
}

/**
 * A button whose accessible name says what it acts on: visible text "Disable", name "Disable
 * recipe-helper" (the rest is visually hidden), so a row of buttons is not a row of "Disable"s.
 */
export function actionButton(verb, target, onClick, className = "") {
  return h(
    "button",
    { type: "button", class: className || undefined, onclick: onClick },
    verb,
    h("span", { class: "vh" }, ` ${target}`),
  );
}

export const byId = (id) => document.getElementById(id);

/** Shows an error sentence in the page's alert region (or clears it). */
export function showError(text) {
  byId("error").textContent = text || "";
}

/** Shows a short confirmation in the status region. */
export function showStatus(text) {
  byId("status").textContent = text || "";
}

/** "2026-11-24T10:00:00.000Z" → "2026-11-24 10:00 UTC"; null → "—". */
export function when(iso) {
  return iso ? `${iso.replace("T", " ").slice(0, 16)} UTC` : "—";
}

/** A labelled form field: the label is bound to the control by id. */
export function field(labelText, control, hint) {
  const id = control.id || `f-${Math.random().toString(36).slice(2, 10)}`;
  control.id = id;
  return h("div", { class: "field" }, h("label", { for: id }, labelText), control, hint ? h("small", {}, hint) : null);
}
