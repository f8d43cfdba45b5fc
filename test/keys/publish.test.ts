import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { database } from "../../src/db/client";
import { getModule } from "../../src/db/modules";
import { kvKeyCache } from "../../src/keys/key-cache";
import type { CacheEntry } from "../../src/keys/key-record";
import type { KeyStatePush } from "../../src/keys/key-state-push";
import { publishModule, pushDeletion } from "../../src/keys/publish";
import { createLogger } from "../../src/lib/logger";
import { provision } from "../helpers/api";

async function rowOf(moduleId: string) {
  const row = await getModule(database(env.DB), moduleId);
  if (!row) throw new Error("module missing");
  return row;
}

describe("publishModule", () => {
  it("pushes the row's key state to the module's object and the record to KV", async () => {
    const p = await provision();
    const row = await rowOf(p.module_id);
    const pushes: KeyStatePush[] = [];
    const result = await publishModule(
      { cache: kvKeyCache(env.KEY_CACHE, createLogger()), keyState: { push: async (_id, s) => void pushes.push(s) } },
      { ...row, status: "revoked", version: row.version + 1 },
    );
    expect(result).toEqual({ pushed: true });
    expect(pushes).toEqual([
      { deleted: false, key: expect.objectContaining({ status: "revoked", currentKeyHash: row.keyHash }) },
    ]);
    const cached = await env.KEY_CACHE.get<CacheEntry>(`key:${row.keyHash}`, "json");
    expect(cached).toMatchObject({ found: true, record: { status: "revoked" } });
  });

  it("reports a failed push as a value and still updates KV", async () => {
    const p = await provision();
    const row = await rowOf(p.module_id);
    const failing = { push: () => Promise.reject(new Error("object unreachable")) };
    const result = await publishModule(
      { cache: kvKeyCache(env.KEY_CACHE, createLogger()), keyState: failing },
      { ...row, status: "revoked", version: row.version + 1 },
    );
    expect(result).toEqual({ pushed: false, error: "Error" });
    const cached = await env.KEY_CACHE.get<CacheEntry>(`key:${row.keyHash}`, "json");
    expect(cached).toMatchObject({ found: true, record: { status: "revoked" } });
  });

  it("pushes a deletion with a version above every cached record of the row", async () => {
    const p = await provision();
    const row = await rowOf(p.module_id);
    const pushes: KeyStatePush[] = [];
    const cache = kvKeyCache(env.KEY_CACHE, createLogger());
    await pushDeletion({ cache, keyState: { push: async (_id, s) => void pushes.push(s) } }, row);
    expect(pushes).toEqual([{ deleted: true, version: row.version + 1 }]);
  });
});
