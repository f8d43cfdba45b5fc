import { env, exports } from "cloudflare:workers";
import { expect } from "vitest";

export const BASE = "http://gateway.test";

type Init = { method?: string; body?: unknown; headers?: Record<string, string>; rawBody?: BodyInit };

/** Calls the Worker under test (same isolate, real local D1/KV/DO). */
export function call(path: string, init: Init = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  let body: BodyInit | undefined = init.rawBody;
  if (init.body !== undefined) {
    body = JSON.stringify(init.body);
    if (!headers.has("content-type")) headers.set("content-type", "application/json");
  }
  return exports.default.fetch(new Request(`${BASE}${path}`, { method: init.method ?? "GET", headers, body }));
}

/** Calls an admin route with the admin key. */
export function admin(path: string, init: Init = {}): Promise<Response> {
  return call(path, { ...init, headers: { "x-api-key": env.ADMIN_API_KEY, ...init.headers } });
}

/** Calls an AI route with a module key. */
export function ai(path: string, key: string, init: Init = {}): Promise<Response> {
  return call(path, { ...init, headers: { "x-api-key": key, ...init.headers } });
}

/** Reads a JSON body, failing with the body text in the message when the status is not the expected one. */
export async function expectStatus<T = Record<string, unknown>>(res: Response, status: number): Promise<T> {
  const text = await res.text();
  expect(res.status, `unexpected status ${res.status}; body: ${text}`).toBe(status);
  return (text ? JSON.parse(text) : null) as T;
}

/** Asserts the contract's error shape with this status and code, and returns the message. */
export async function expectError(res: Response, status: number, code: string): Promise<string> {
  const body = await expectStatus<{ error: { code: string; message: string } }>(res, status);
  expect(body.error.code, JSON.stringify(body)).toBe(code);
  expect(typeof body.error.message).toBe("string");
  expect(body.error.message.length).toBeGreaterThan(0);
  return body.error.message;
}

export type Provisioned = {
  secret_key: string;
  module_id: string;
  expires_at: string | null;
  [field: string]: unknown;
};

/** Provisions a module and returns the 201 body. */
export async function provision(body: Record<string, unknown> = {}): Promise<Provisioned> {
  const res = await admin("/api/v1/modules/provision", {
    method: "POST",
    body: { name: `test-${crypto.randomUUID()}`, ...body },
  });
  return expectStatus<Provisioned>(res, 201);
}

/** Waits until the wall clock has passed `epochMs` (workerd's clock moves across I/O). */
export async function waitUntilPast(epochMs: number): Promise<void> {
  while (Date.now() <= epochMs) await new Promise((r) => setTimeout(r, 50));
}

/** The key with its last character changed (always to a different one): a typo the checksum catches. */
export function mistype(key: string): string {
  return `${key.slice(0, -1)}${key.endsWith("0") ? "1" : "0"}`;
}
