import { html, raw } from "hono/html";

type Operation = {
  summary?: string;
  description?: string;
  security?: Array<Record<string, string[]>>;
  requestBody?: { content?: Record<string, { schema?: unknown }> };
  responses?: Record<string, { description?: string }>;
};
type OpenApiDoc = {
  info: { title: string; version: string; description?: string };
  /** The default for operations without their own `security`. */
  security?: Array<Record<string, string[]>>;
  paths?: object;
  components?: { schemas?: Record<string, unknown> };
};

/** Replaces a top-level `$ref` by the component it names, so the page shows the fields. */
function resolve(schema: unknown, doc: OpenApiDoc): unknown {
  const ref = (schema as { $ref?: string } | undefined)?.$ref;
  const name = ref?.split("/").at(-1);
  return name ? (doc.components?.schemas?.[name] ?? schema) : schema;
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

/**
 * A readable, dependency-free page for the OpenAPI document: every route with its summary,
 * auth, request schema and responses. Works offline (no CDN), unlike Swagger UI bundles.
 */
export function renderDocsPage(doc: OpenApiDoc): string {
  const rows = Object.entries((doc.paths ?? {}) as Record<string, Record<string, Operation>>).flatMap(([path, ops]) =>
    Object.entries(ops).map(([method, op]) => {
      // An operation's own `security` wins (an empty list means public); otherwise the document's.
      const security = op.security ?? doc.security ?? [];
      const auth = security.length ? security.flatMap((s) => Object.keys(s)).join(" or ") : "none (public)";
      const schema = resolve(op.requestBody?.content?.["application/json"]?.schema, doc);
      const responses = Object.entries(op.responses ?? {})
        .map(([status, r]) => `<code>${status}</code> ${escapeHtml(r.description ?? "")}`)
        .join("<br>");
      return `<section><h3><span class="m">${method.toUpperCase()}</span> <code>${escapeHtml(path)}</code></h3>
<p>${escapeHtml(op.summary ?? "")}</p>${op.description ? `<p>${escapeHtml(op.description)}</p>` : ""}
<p><b>Auth:</b> ${escapeHtml(auth)}</p>
${schema ? `<details><summary>Request body</summary><pre>${escapeHtml(JSON.stringify(schema, null, 2))}</pre></details>` : ""}
<p><b>Responses:</b><br>${responses}</p></section>`;
    }),
  );
  return html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${doc.info.title} — API</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>body{font:15px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#222}
section{border-top:1px solid #ddd;padding:.5rem 0}.m{display:inline-block;min-width:4.5rem;font-weight:700}
pre{background:#f6f6f6;padding:.5rem;overflow:auto}code{background:#f3f3f3;padding:0 .2rem}</style></head>
<body><h1>${doc.info.title} <small>${doc.info.version}</small></h1><p>${doc.info.description ?? ""}</p>
<p>Machine-readable: <a href="/openapi.json">/openapi.json</a> (OpenAPI 3.1). Errors are always
<code>{"error": {"code", "message"}}</code>.</p>${raw(rows.join("\n"))}</body></html>`.toString();
}
