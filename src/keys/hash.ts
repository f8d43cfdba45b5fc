const encoder = new TextEncoder();

/**
 * The last imported HMAC key and the secret it came from: a per-isolate memo, so the hot path
 * signs with an already-imported CryptoKey instead of importing the secret on every request. It
 * holds a non-extractable key of a secret that `env` already holds; a changed secret (rotation,
 * or a test with another env) replaces it. Only a resolved key is kept, never a promise, so no
 * request waits on work started by another.
 */
let memo: { pepper: string; key: CryptoKey } | null = null;

async function hmacKeyOf(pepper: string): Promise<CryptoKey> {
  if (memo?.pepper === pepper) return memo.key;
  const key = await crypto.subtle.importKey("raw", encoder.encode(pepper), { name: "HMAC", hash: "SHA-256" }, false, [
    "sign",
  ]);
  memo = { pepper, key };
  return key;
}

const HEX = Array.from({ length: 256 }, (_, b) => b.toString(16).padStart(2, "0"));

function toHex(buffer: ArrayBuffer): string {
  let out = "";
  for (const b of new Uint8Array(buffer)) out += HEX[b];
  return out;
}

/**
 * HMAC-SHA256(KEY_HASH_SECRET, key) as hex: the only form of a module key that is stored,
 * indexed or used as a KV cache key. One HMAC per validation; keys carry 256 random bits, so a
 * slow KDF would add latency without adding safety. Throws when the secret is not configured.
 */
export async function hashKey(key: string, pepper: string): Promise<string> {
  if (!pepper) throw new Error("KEY_HASH_SECRET is not configured");
  return toHex(await crypto.subtle.sign("HMAC", await hmacKeyOf(pepper), encoder.encode(key)));
}
