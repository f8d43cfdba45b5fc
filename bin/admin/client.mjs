import { existsSync, readFileSync } from "node:fs";
import { CliError, UsageError } from "./errors.mjs";
import { sendRetryingConflicts } from "./retry-on-conflict.mjs";

/** ADMIN_API_KEY from ./.dev.vars, for running the CLI from the project folder in development. */
function adminKeyFromDevVars() {
  if (!existsSync(".dev.vars")) return undefined;
  const line = readFileSync(".dev.vars", "utf8")
    .split("\n")
    .find((l) => l.startsWith("ADMIN_API_KEY="));
  return line?.slice("ADMIN_API_KEY=".length).trim() || undefined;
}

/**
 * The admin API of one gateway: `--url` / GATEWAY_URL / http://localhost:8787 and `--key` /
 * GATEWAY_ADMIN_KEY / ./.dev.vars. `call` resolves with the JSON answer (null for 204) and turns
 * a refusal into "<status> <code>: <message>" exactly as the gateway worded it; a write that lost
 * a race (409 with Retry-After) is sent again first.
 */
export function adminClient(values) {
  const url = (values.url ?? process.env.GATEWAY_URL ?? "http://localhost:8787").replace(/\/+$/, "");
  const key = values.key ?? process.env.GATEWAY_ADMIN_KEY ?? adminKeyFromDevVars();
  if (!key) {
    throw new UsageError("no admin key: pass --key, set GATEWAY_ADMIN_KEY, or run from the folder holding .dev.vars");
  }
  async function call(method, path, body) {
    let res;
    try {
      res = await sendRetryingConflicts(
        () =>
          fetch(`${url}/api/v1${path}`, {
            method,
            headers: { "X-API-Key": key, ...(body !== undefined ? { "Content-Type": "application/json" } : {}) },
            body: body !== undefined ? JSON.stringify(body) : undefined,
          }),
        { onRetry: (n, ms) => process.stderr.write(`another admin change won a race; retry ${n} in ${ms} ms…\n`) },
      );
    } catch (err) {
      const cause = err.cause?.code ?? err.cause?.errors?.[0]?.code ?? err.cause?.message ?? err.message;
      throw new CliError(`cannot reach ${url}: ${cause}`);
    }
    if (res.status === 204) return null;
    const text = await res.text();
    let json = null;
    try {
      json = text ? JSON.parse(text) : null;
    } catch {
      // not JSON: reported below by status
    }
    if (!res.ok) {
      const code = json?.error?.code;
      const message = json?.error?.message;
      throw new CliError(code && message ? `${res.status} ${code}: ${message}` : `${res.status} ${res.statusText}`);
    }
    return json;
  }
  return { url, call };
}
