/**
 * The admin page: a static shell plus one script, served by the gateway itself so it calls the
 * admin API same-origin (admin routes send no CORS headers). It holds no secret: the admin
 * types the admin key, which stays in this tab's sessionStorage.
 */
export const ADMIN_PAGE_HTML = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Edge AI Gateway — admin</title>
<style>
body{font:14px/1.45 system-ui,sans-serif;margin:1.5rem auto;max-width:72rem;padding:0 1rem;color:#1d1d1f}
table{border-collapse:collapse;width:100%;margin-top:1rem}th,td{text-align:left;padding:.35rem .5rem;border-bottom:1px solid #e5e5e5;vertical-align:top}
th{font-weight:600;background:#fafafa}input,button{font:inherit;padding:.3rem .5rem}fieldset{border:1px solid #ddd;margin-top:1rem}
.revoked{color:#999}.error{color:#b00020;margin:.5rem 0}.secret{background:#fff8d6;padding:.6rem;border:1px solid #e6d27a;word-break:break-all}
.row{display:flex;gap:.5rem;flex-wrap:wrap;align-items:center}code{background:#f3f3f3;padding:0 .2rem}
</style></head>
<body>
<h1>Edge AI Gateway — modules</h1>
<div class="row"><label>Admin key <input id="admin-key" type="password" size="40" autocomplete="off"></label>
<button id="connect">Connect</button><span id="who"></span></div>
<div id="error" class="error" role="alert"></div>
<div id="secret" class="secret" hidden></div>
<fieldset><legend>Provision a plugin key</legend><form id="provision" class="row">
<input name="name" placeholder="Plugin name" required maxlength="255">
<label>expires in <input name="expires_in_days" type="number" min="1" max="365" value="90" style="width:5rem"> days</label>
<label>limit/hour <input name="rate_limit_per_hour" type="number" min="1" placeholder="default" style="width:6rem"></label>
<label>per visitor/hour <input name="rate_limit_per_visitor_per_hour" type="number" min="1" placeholder="none" style="width:6rem"></label>
<input name="allowed_origins" placeholder="https://app.example.com, https://*.example.org" size="36">
<input name="allowed_models" placeholder="openai/gpt-4o-mini, mock/echo" size="28">
<button type="submit">Provision</button></form></fieldset>
<table><thead><tr><th>Module</th><th>Name</th><th>Status</th><th>Key</th><th>Expires (UTC)</th><th>Limit/h</th><th>Origins</th><th>Last used</th><th></th></tr></thead>
<tbody id="modules"></tbody></table>
<p><button id="more" hidden>Load more</button></p>
<p>API reference: <a href="/docs">/docs</a> · <a href="/openapi.json">/openapi.json</a></p>
<script src="/admin/app.js"></script>
</body></html>`;

export const ADMIN_PAGE_JS = `"use strict";
(function () {
  var $ = function (id) { return document.getElementById(id); };
  var keyInput = $("admin-key");
  var cursor = null;
  keyInput.value = sessionStorage.getItem("gatewayAdminKey") || "";

  function showError(text) { $("error").textContent = text || ""; }
  function when(iso) { return iso ? iso.replace("T", " ").slice(0, 16) : "—"; }
  function list(text) { return text.split(",").map(function (s) { return s.trim(); }).filter(Boolean); }

  async function api(method, path, body) {
    var res = await fetch("/api/v1" + path, {
      method: method,
      headers: Object.assign({ "X-API-Key": keyInput.value }, body ? { "Content-Type": "application/json" } : {}),
      body: body ? JSON.stringify(body) : undefined
    });
    if (res.status === 204) return null;
    var json = await res.json().catch(function () { return null; });
    if (!res.ok) throw new Error((json && json.error ? json.error.code + ": " + json.error.message : res.status + " " + res.statusText));
    return json;
  }

  function cell(row, text) { var td = document.createElement("td"); td.textContent = text; row.appendChild(td); return td; }
  function button(label, onClick) { var b = document.createElement("button"); b.textContent = label; b.onclick = onClick; return b; }

  function render(m) {
    var tr = document.createElement("tr");
    tr.dataset.moduleId = m.module_id;
    if (m.status === "revoked") tr.className = "revoked";
    cell(tr, m.module_id); cell(tr, m.name); cell(tr, m.status); cell(tr, "…" + m.key_last4);
    cell(tr, when(m.expires_at)); cell(tr, m.rate_limit_per_hour === null ? "default" : String(m.rate_limit_per_hour));
    cell(tr, m.allowed_origins.join(", ") || "any"); cell(tr, when(m.last_used_at));
    var actions = cell(tr, "");
    if (m.status === "active") {
      actions.appendChild(button("Rotate", function () { act(function () {
        var grace = prompt("Seconds the old key keeps working (0 = stop now):", "3600");
        if (grace === null) return false;
        return api("POST", "/modules/" + m.module_id + "/rotate", { grace_seconds: Number(grace) }).then(showSecret);
      }); }));
      actions.appendChild(button("Revoke", function () { act(function () {
        return confirm("Revoke " + m.name + "? Its key stops working on the next request.") ? api("POST", "/modules/" + m.module_id + "/revoke") : false;
      }); }));
    }
    actions.appendChild(button("Delete", function () { act(function () {
      return confirm("Delete " + m.name + " for good?") ? api("DELETE", "/modules/" + m.module_id) : false;
    }); }));
    return tr;
  }

  function showSecret(made) {
    var box = $("secret");
    box.hidden = false;
    box.textContent = "New key for " + made.module_id + " (shown once — copy it into the plugin page now): " + made.secret_key;
  }

  /** Runs an action, then reloads the table; an action returns false when the admin cancelled it. */
  async function act(work) {
    showError("");
    try { if (await work() !== false) await reload(); } catch (err) { showError(err.message); }
  }

  async function load(append) {
    var page = await api("GET", "/modules?limit=50" + (append && cursor ? "&cursor=" + encodeURIComponent(cursor) : ""));
    var body = $("modules");
    if (!append) body.textContent = "";
    page.modules.forEach(function (m) { body.appendChild(render(m)); });
    cursor = page.next_cursor;
    $("more").hidden = !cursor;
  }
  function reload() { return load(false); }

  $("connect").onclick = function () {
    sessionStorage.setItem("gatewayAdminKey", keyInput.value);
    act(function () { $("who").textContent = ""; }).then(function () { if (!$("error").textContent) $("who").textContent = "connected"; });
  };
  $("more").onclick = function () {
    showError("");
    load(true).catch(function (err) { showError(err.message); });
  };
  $("provision").onsubmit = function (event) {
    event.preventDefault();
    var f = event.target.elements;
    var body = { name: f.name.value, expires_in_days: Number(f.expires_in_days.value) };
    if (f.rate_limit_per_hour.value) body.rate_limit_per_hour = Number(f.rate_limit_per_hour.value);
    if (f.rate_limit_per_visitor_per_hour.value) body.rate_limit_per_visitor_per_hour = Number(f.rate_limit_per_visitor_per_hour.value);
    if (f.allowed_origins.value) body.allowed_origins = list(f.allowed_origins.value);
    if (f.allowed_models.value) body.allowed_models = list(f.allowed_models.value);
    act(function () { return api("POST", "/modules/provision", body).then(function (made) { showSecret(made); event.target.reset(); }); });
  };
  if (keyInput.value) $("connect").onclick();
})();
`;
