import { describe, expect, it } from "vitest";
import { judgeKey } from "../../src/keys/key-state";
import { keyRecord } from "../helpers/key-record";

const NOW = Date.UTC(2026, 10, 25, 12);

describe("judgeKey: one judge for key-auth and the module's Durable Object", () => {
  it("passes an active key before its expiry, and one without expiry", () => {
    expect(judgeKey(keyRecord({ expiresAt: NOW + 1 }), "current", NOW)).toBe("ok");
    expect(judgeKey(keyRecord({ expiresAt: null }), "current", NOW)).toBe("ok");
  });

  it("answers invalid_key when the hash belongs to no key (unknown or deleted)", () => {
    expect(judgeKey(null, "current", NOW)).toBe("invalid_key");
  });

  it("answers key_revoked and key_disabled by status, before any expiry", () => {
    expect(judgeKey(keyRecord({ status: "revoked", expiresAt: NOW - 1 }), "current", NOW)).toBe("key_revoked");
    expect(judgeKey(keyRecord({ status: "disabled", expiresAt: NOW - 1 }), "current", NOW)).toBe("key_disabled");
  });

  it("answers key_expired at the expiry instant, not a millisecond before", () => {
    expect(judgeKey(keyRecord({ expiresAt: NOW }), "current", NOW)).toBe("key_expired");
    expect(judgeKey(keyRecord({ expiresAt: NOW }), "current", NOW - 1)).toBe("ok");
  });

  it("lets a previous key work inside its rotation grace and answers key_expired after it", () => {
    const rotated = keyRecord({ previousKeyExpiresAt: NOW + 1000, expiresAt: NOW + 86_400_000 });
    expect(judgeKey(rotated, "previous", NOW)).toBe("ok");
    expect(judgeKey(rotated, "previous", NOW + 1000)).toBe("key_expired");
    expect(judgeKey({ ...rotated, previousKeyExpiresAt: null }, "previous", NOW)).toBe("key_expired");
    expect(judgeKey(rotated, "current", NOW + 1000)).toBe("ok");
  });
});
