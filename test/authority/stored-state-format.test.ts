import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { ModuleAuthority, type ObjectCheckInput } from "../../src/authority/module-authority";
import { parseStoredState, STORED_STATE_FORMAT, serialiseState } from "../../src/authority/stored-state-format";
import { keyRecord } from "../helpers/key-record";
import { limiterStub } from "../helpers/rate-limit";

/** A `key_state` row's data exactly as the object wrote it before the one key model (no format field). */
function firstFormatState(overrides: Record<string, unknown> = {}) {
  return {
    authoritative: true,
    deleted: false,
    version: 2,
    status: "active",
    keyHash: "hash_current",
    previousKeyHash: null,
    previousKeyExpiresAt: null,
    expiresAt: null,
    rateLimitPerHour: null,
    rateLimitPerVisitorPerHour: null,
    ...overrides,
  };
}

/** A request whose record (from a stale cache, version 1) says the key is active and unlimited. */
function input(moduleId: string, keyHash = "hash_current"): ObjectCheckInput {
  return {
    keyHash,
    record: keyRecord({ moduleId, currentKeyHash: keyHash, version: 1 }),
    clientIp: "192.0.2.1",
    requestId: crypto.randomUUID(),
    defaultLimit: 1000,
  };
}

/** Writes `data` as the object's stored key state, then asks a freshly started object `check(request)`. */
async function checkAfterStart(moduleId: string, data: unknown, request: ObjectCheckInput) {
  return runInDurableObject(limiterStub(moduleId), (_o: ModuleAuthority, state) => {
    state.storage.sql.exec("INSERT OR REPLACE INTO key_state (id, data) VALUES (1, ?)", JSON.stringify(data));
    return new ModuleAuthority(state, env).check(request);
  });
}

describe("the object's stored key state", () => {
  it("is the key state with a format version, read back unchanged", () => {
    const state = { deleted: false as const, authoritative: true, key: keyRecord({ moduleId: "mod_x" }) };
    const { role: _role, ...key } = state.key;
    const stored = { ...state, key };
    expect(JSON.parse(serialiseState(stored)).format).toBe(STORED_STATE_FORMAT);
    expect(parseStoredState(serialiseState(stored), "ignored")).toEqual(stored);
  });

  it("reads a first-format row: an authoritative revocation still refuses a stale active record", async () => {
    const moduleId = `mod_${crypto.randomUUID()}`;
    const decision = await checkAfterStart(moduleId, firstFormatState({ status: "revoked" }), input(moduleId));
    expect(decision).toEqual({ kind: "key", code: "key_revoked" });
  });

  it("reads a first-format row's limit and generations: a rotated-out hash is refused, the limit applies", async () => {
    const moduleId = `mod_${crypto.randomUUID()}`;
    const row = firstFormatState({ rateLimitPerHour: 1 });
    expect(await checkAfterStart(moduleId, row, input(moduleId, "hash_other"))).toEqual({
      kind: "key",
      code: "invalid_key",
    });
    expect(await checkAfterStart(moduleId, row, input(moduleId))).toMatchObject({
      kind: "rate",
      allowed: true,
      limit: 1,
    });
    expect(await checkAfterStart(moduleId, row, input(moduleId))).toMatchObject({ kind: "rate", allowed: false });
  });

  it("reads a first-format deletion as a deleted module", async () => {
    const moduleId = `mod_${crypto.randomUUID()}`;
    const deleted = firstFormatState({ deleted: true, status: "revoked", keyHash: null, version: 3 });
    expect(await checkAfterStart(moduleId, deleted, input(moduleId))).toEqual({ kind: "key", code: "invalid_key" });
    expect(parseStoredState(JSON.stringify(deleted), moduleId)).toEqual({ deleted: true, version: 3 });
  });

  it("names a first-format state by the module it belongs to and fills the policy it never stored", () => {
    expect(parseStoredState(JSON.stringify(firstFormatState()), "mod_named")).toMatchObject({
      deleted: false,
      authoritative: true,
      key: { moduleId: "mod_named", currentKeyHash: "hash_current", version: 2, budget: null, allowPassthrough: false },
    });
    expect(parseStoredState("not json", "m")).toBeNull();
    expect(parseStoredState(JSON.stringify({ format: 99 }), "m")).toBeNull();
  });
});
