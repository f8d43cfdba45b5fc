// The admin API, same-origin, with the admin key typed into the page (kept in sessionStorage).

import { showStatus } from "./dom.js";

const STORAGE = "gatewayAdminKey";

export function adminKey() {
  return sessionStorage.getItem(STORAGE) || "";
}

export function setAdminKey(key) {
  sessionStorage.setItem(STORAGE, key);
}

/** An answer the gateway refused: `code` and `message` from the contract's error body. */
export class ApiError extends Error {
  constructor(status, code, message) {
    super(`${code}: ${message}`);
    this.status = status;
    this.code = code;
  }
}

/** How often a write that lost a race (409 with Retry-After) is sent again, as the CLI does. */
const CONFLICT_RETRIES = 3;

/**
 * Calls an admin route under /api/v1; resolves with the JSON answer (null for 204). A 409
 * `conflict` with Retry-After means another change landed first and this one changed nothing:
 * it is sent again after the wait (saying so in the status line), at most CONFLICT_RETRIES times.
 */
export async function api(method, path, body) {
  const headers = { "X-API-Key": adminKey() };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  for (let attempt = 0; ; attempt++) {
    const res = await fetch(`/api/v1${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (res.status === 204) return null;
    const json = await res.json().catch(() => null);
    const wait = Number(res.headers.get("retry-after"));
    if (res.status === 409 && attempt < CONFLICT_RETRIES && res.headers.has("retry-after") && wait >= 0) {
      showStatus(`Another change landed first; sending yours again in ${wait} s (try ${attempt + 2}).`);
      await new Promise((resolve) => setTimeout(resolve, wait * 1000));
      continue;
    }
    if (!res.ok) {
      throw new ApiError(res.status, json?.error?.code ?? `http_${res.status}`, json?.error?.message ?? res.statusText);
    }
    return json;
  }
}

/** Query string from an object, leaving out empty values. */
export function query(params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== "") q.set(k, String(v));
  const text = q.toString();
  return text ? `?${text}` : "";
}

let documentPromise;
/** The gateway's own OpenAPI document (fetched once): what its routes accept. */
export function openApiDocument() {
  documentPromise ??= fetch("/openapi.json").then((res) => res.json());
  return documentPromise;
}

/**
 * The request schemas of the OpenAPI document, so the forms offer exactly the fields this
 * gateway accepts (fields added by later releases appear without a page change).
 */
export async function requestSchemas() {
  return (await openApiDocument()).components?.schemas ?? {};
}

/** The providers an account can store a key for, from the provider-key route's parameter. */
export async function keyedProviders() {
  const doc = await openApiDocument();
  const put = doc.paths?.["/api/v1/accounts/{id}/provider-keys/{provider}"]?.put;
  return put?.parameters?.find((p) => p.name === "provider")?.schema?.enum ?? [];
}
