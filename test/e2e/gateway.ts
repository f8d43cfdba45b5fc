import { inject } from "vitest";
import { startGateway } from "../../bench/harness.mjs";

export type Gateway = { url: string; adminKey: string; stop: () => Promise<void> };

/** The built gateway served by Miniflare on loopback (one workerd process), mock provider on. */
export function startTestGateway(extraVars: Record<string, string> = {}): Promise<Gateway> {
  return startGateway({ scriptPath: inject("workerScriptPath"), extraVars });
}

/** Calls an admin route of a started gateway. */
export async function adminCall(gateway: Gateway, method: string, path: string, body?: unknown) {
  const res = await fetch(`${gateway.url}/api/v1${path}`, {
    method,
    headers: { "x-api-key": gateway.adminKey, ...(body ? { "content-type": "application/json" } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path} → ${res.status}: ${text}`);
  return text ? JSON.parse(text) : null;
}
