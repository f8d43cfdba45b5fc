/** `GET /`: what this host is and where to go next (the API reference and the admin page). */
export function renderHomePage(): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Edge AI Gateway</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:40rem;margin:3rem auto;padding:0 1rem;color:#222}</style></head>
<body><h1>Edge AI Gateway</h1>
<p>Scoped, expiring per-plugin keys for AI calls from public web pages.</p>
<ul>
<li><a href="/docs">/docs</a> — the API reference (machine-readable: <a href="/openapi.json">/openapi.json</a>)</li>
<li><a href="/admin">/admin</a> — the admin page (needs the admin key)</li>
<li><a href="/sdk.js">/sdk.js</a> — the browser client for plugin pages</li>
<li><a href="/health">/health</a> — liveness</li>
</ul></body></html>`;
}
