const ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/** Encodes bytes as a fixed-width base62 string (left-padded with "0"), so lengths never vary. */
export function base62Encode(bytes: Uint8Array, width: number): string {
  let n = 0n;
  for (const b of bytes) n = (n << 8n) | BigInt(b);
  let out = "";
  while (n > 0n) {
    out = ALPHABET[Number(n % 62n)] + out;
    n /= 62n;
  }
  if (out.length > width) throw new RangeError(`value needs ${out.length} base62 digits, width is ${width}`);
  return out.padStart(width, "0");
}

/** Encodes a non-negative integer below 2^53 as fixed-width base62. */
export function base62EncodeNumber(value: number, width: number): string {
  let n = value;
  let out = "";
  while (n > 0) {
    out = ALPHABET[n % 62] + out;
    n = Math.floor(n / 62);
  }
  return out.padStart(width, "0");
}
