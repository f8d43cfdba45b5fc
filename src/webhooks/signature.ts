const encoder = new TextEncoder();

/** The signing key for `EXPIRY_WEBHOOK_SECRET`, imported once per call site. */
function hmacKey(secret: string): Promise<CryptoKey> {
  return crypto.subtle.importKey("raw", encoder.encode(secret), { name: "HMAC", hash: "SHA-256" }, false, [
    "sign",
    "verify",
  ]);
}

const hex = (bytes: ArrayBuffer) => [...new Uint8Array(bytes)].map((b) => b.toString(16).padStart(2, "0")).join("");

/**
 * The `X-Gateway-Signature` header for a body sent at `t` (unix seconds):
 * `t=<t>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>`. The timestamp is signed so a receiver
 * can refuse replays older than it tolerates.
 */
export async function signatureHeader(secret: string, t: number, body: string): Promise<string> {
  const mac = await crypto.subtle.sign("HMAC", await hmacKey(secret), encoder.encode(`${t}.${body}`));
  return `t=${t},v1=${hex(mac)}`;
}

/**
 * What a receiver does (and what docs/ledger.md shows): recompute the HMAC over "<t>.<body>" and
 * compare in constant time; false for a malformed header, a wrong MAC, or a timestamp more than
 * `toleranceSeconds` from `nowSeconds`.
 */
export async function verifySignature(
  secret: string,
  header: string,
  body: string,
  nowSeconds: number,
  toleranceSeconds = 300,
): Promise<boolean> {
  const parts = Object.fromEntries(header.split(",").map((p) => p.trim().split("=", 2) as [string, string]));
  const t = Number(parts.t);
  const given = parts.v1 ?? "";
  if (!Number.isInteger(t) || !/^[0-9a-f]{64}$/.test(given)) return false;
  if (Math.abs(nowSeconds - t) > toleranceSeconds) return false;
  const mac = new Uint8Array(given.match(/../g)?.map((h) => Number.parseInt(h, 16)) ?? []);
  return crypto.subtle.verify("HMAC", await hmacKey(secret), mac, encoder.encode(`${t}.${body}`));
}
