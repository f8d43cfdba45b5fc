import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { cliRunner } from "./cli";

/** A stand-in admin API answering the first `conflicts` calls with 409 conflict, then 200; records call times. */
async function conflictingGateway(conflicts: number, retryAfter: string | null) {
  const calls: number[] = [];
  const server: Server = createServer((req, res) => {
    req.resume();
    calls.push(Date.now());
    if (calls.length <= conflicts) {
      const headers: Record<string, string> = { "content-type": "application/json" };
      if (retryAfter !== null) headers["retry-after"] = retryAfter;
      res.writeHead(409, headers).end(JSON.stringify({ error: { code: "conflict", message: "Another change won." } }));
      return;
    }
    res.writeHead(200, { "content-type": "application/json" }).end(
      JSON.stringify({
        secret_key: "egw_pub_new",
        module_id: "mod_x",
        expires_at: null,
        previous_key_expires_at: "2026-01-01T00:00:00.000Z",
      }),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, calls, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

let stop: (() => Promise<void>) | undefined;
afterEach(async () => {
  await stop?.();
  stop = undefined;
});

describe("the admin CLI and 409 conflict", () => {
  it("sends a rotation that lost a race again after Retry-After, and prints the new key", async () => {
    const gateway = await conflictingGateway(2, "1");
    stop = gateway.close;
    const cli = cliRunner(() => ({ url: gateway.url, adminKey: "admin_test", stop: async () => {} }));
    const out = await cli("rotate", "mod_x");
    expect(out.code, out.stderr).toBe(0);
    expect(out.stdout).toContain("egw_pub_new");
    expect(out.stderr).toContain("won a race");
    expect(gateway.calls).toHaveLength(3);
    const [first = 0, second = 0] = gateway.calls;
    expect(second - first).toBeGreaterThanOrEqual(950);
  });

  it("gives up after three retries and reports the conflict", async () => {
    const gateway = await conflictingGateway(10, "0");
    stop = gateway.close;
    const cli = cliRunner(() => ({ url: gateway.url, adminKey: "admin_test", stop: async () => {} }));
    const out = await cli("rotate", "mod_x");
    expect(out.code).toBe(1);
    expect(out.stderr).toContain("409 conflict");
    expect(gateway.calls).toHaveLength(4);
  });

  it("does not repeat a 409 that carries no Retry-After (a final conflict, e.g. a key imported twice)", async () => {
    const gateway = await conflictingGateway(10, null);
    stop = gateway.close;
    const cli = cliRunner(() => ({ url: gateway.url, adminKey: "admin_test", stop: async () => {} }));
    const out = await cli("rotate", "mod_x");
    expect(out.code).toBe(1);
    expect(gateway.calls).toHaveLength(1);
  });
});
