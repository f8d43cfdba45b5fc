const encoder = new TextEncoder();

function toHex(buffer: ArrayBuffer): string {
  return Array.from(new Uint8Array(buffer), (b) => b.toString(16).padStart(2, "0")).join("");
}

/**
 * HMAC-SHA256(KEY_HASH_SECRET, key) as hex: the only form of a module key that is stored,
 * indexed or used as a KV cache key. One HMAC per validation; keys carry 256 random bits, so a
 * slow KDF would add latency without adding safety.
 */
export async function hashKey(key: string, pepper: string): Promise<string> {
  if (!pepper) throw new Error("KEY_HASH_SECRET is not configured");
  const hmacKey = await crypto.subtle.importKey(
    "raw",
    encoder.encode(pepper),
    { name: "HMAC", hash: "SHA-256" },
    false,
    ["sign"],
  );
  return toHex(await crypto.subtle.sign("HMAC", hmacKey, encoder.encode(key)));
}
