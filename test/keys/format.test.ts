import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { secretsEqual } from "../../src/keys/constant-time";
import { crc32 } from "../../src/keys/crc32";
import { generateKey, isWellFormedKey, KEY_LENGTH, KEY_PATTERN } from "../../src/keys/format";
import { hashKey } from "../../src/keys/hash";

describe("key format", () => {
  it("generates 10,000 keys that all match the pattern, all verify and never repeat", () => {
    const keys = new Set<string>();
    for (let i = 0; i < 10_000; i++) {
      const key = generateKey();
      expect(key).toMatch(KEY_PATTERN);
      expect(key.length).toBe(KEY_LENGTH);
      expect(isWellFormedKey(key)).toBe(true);
      keys.add(key);
    }
    expect(keys.size).toBe(10_000);
  });

  it("carries at least 256 bits of randomness (43 base62 characters)", () => {
    expect(Math.log2(62) * 43).toBeGreaterThanOrEqual(256);
    expect(generateKey().slice("egw_pub_".length, -6)).toHaveLength(43);
  });

  it("uses the standard CRC-32", () => {
    expect(crc32("123456789")).toBe(0xcbf43926);
  });

  it("rejects every single-character typo through the checksum", () => {
    const key = generateKey();
    const alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    let rejected = 0;
    for (let i = "egw_pub_".length; i < key.length; i++) {
      const replacement = alphabet[(alphabet.indexOf(key[i] as string) + 7) % 62] as string;
      const typo = key.slice(0, i) + replacement + key.slice(i + 1);
      expect(isWellFormedKey(typo)).toBe(false);
      rejected++;
    }
    expect(rejected).toBe(KEY_LENGTH - "egw_pub_".length);
  });

  it("rejects wrong prefixes, lengths and characters", () => {
    const key = generateKey();
    for (const bad of [
      "",
      "egw_pub_",
      key.slice(0, -1),
      `${key}A`,
      key.replace("egw_pub_", "egw_sk_"),
      key.replace(/.$/, "-"),
    ]) {
      expect(isWellFormedKey(bad)).toBe(false);
    }
  });

  it("never throws and never accepts arbitrary text (property test)", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 80 }), (text) => {
        expect(isWellFormedKey(text)).toBe(false);
      }),
      { numRuns: 5_000 },
    );
  });
});

describe("key hashing", () => {
  it("is an HMAC-SHA256 hex digest that depends on the pepper", async () => {
    const key = generateKey();
    const a = await hashKey(key, "pepper-one");
    expect(a).toMatch(/^[0-9a-f]{64}$/);
    expect(await hashKey(key, "pepper-one")).toBe(a);
    expect(await hashKey(key, "pepper-two")).not.toBe(a);
    expect(a).not.toContain(key);
  });
});

describe("secret comparison", () => {
  it("compares equal secrets as equal and unequal ones as unequal", async () => {
    expect(await secretsEqual("same-secret", "same-secret")).toBe(true);
    expect(await secretsEqual("same-secret", "same-secreT")).toBe(false);
  });

  it("does not throw for inputs of different lengths, because both sides are hashed first", async () => {
    await expect(secretsEqual("short", "a much longer secret value")).resolves.toBe(false);
    await expect(secretsEqual("", "x")).resolves.toBe(false);
  });
});
