import { base62Encode, base62EncodeNumber } from "./base62";
import { crc32 } from "./crc32";

/**
 * Module keys look like `egw_pub_<43 base62: 256 random bits><6 base62: CRC32>`.
 * `egw` names the vendor so secret scanners can find leaked keys; `pub` says the key is meant
 * to sit in public page source. Underscores only, so a double-click selects the whole key.
 */
export const KEY_PREFIX = "egw_pub_";
const RANDOM_LENGTH = 43; // 62^43 > 2^256
const CHECKSUM_LENGTH = 6; // 62^6 > 2^32
export const KEY_LENGTH = KEY_PREFIX.length + RANDOM_LENGTH + CHECKSUM_LENGTH;
export const KEY_PATTERN = /^egw_pub_[0-9A-Za-z]{49}$/;
/** For finding keys inside free text (log redaction, leak scans). */
export const KEY_PATTERN_GLOBAL = /egw_pub_[0-9A-Za-z]{49}/g;

function checksum(body: string): string {
  return base62EncodeNumber(crc32(body), CHECKSUM_LENGTH);
}

/** A fresh module key from 32 bytes of `crypto.getRandomValues`. */
export function generateKey(): string {
  const random = base62Encode(crypto.getRandomValues(new Uint8Array(32)), RANDOM_LENGTH);
  const body = KEY_PREFIX + random;
  return body + checksum(body);
}

/**
 * True when the text has the key's shape and its checksum matches. Pure and offline: a
 * mistyped or invented key is refused before any KV, D1 or Durable Object access.
 */
export function isWellFormedKey(text: string): boolean {
  if (text.length !== KEY_LENGTH || !KEY_PATTERN.test(text)) return false;
  const body = text.slice(0, KEY_LENGTH - CHECKSUM_LENGTH);
  return text.slice(KEY_LENGTH - CHECKSUM_LENGTH) === checksum(body);
}

/**
 * Keys imported from an older system (e.g. `secrets.token_hex(32)`): 32 to 256 characters of
 * letters, digits and `._~+/=-`. Anything starting with the `egw_pub_` prefix is not one: such a
 * key must pass the checksum, so garbage with the prefix is still refused offline.
 */
export const IMPORTED_KEY_PATTERN = /^[A-Za-z0-9._~+/=-]{32,256}$/;

/** True for a key this gateway could know: a well-formed `egw_pub_` key or an importable legacy key. */
export function isPresentableKey(text: string): boolean {
  if (text.startsWith(KEY_PREFIX)) return isWellFormedKey(text);
  return IMPORTED_KEY_PATTERN.test(text);
}
