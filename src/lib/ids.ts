import { base62Encode } from "../keys/base62";

/** A random public identifier such as `mod_3kTMd9...` (128 bits). Not a secret. */
export function newId(prefix: "mod" | "acc"): string {
  return `${prefix}_${base62Encode(crypto.getRandomValues(new Uint8Array(16)), 22)}`;
}
