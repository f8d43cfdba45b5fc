import type { VerifyFailure } from "./verifier";

/** What a caller is told when its module key is refused, by key-auth or by the key's Durable Object. */
export const KEY_FAILURE_MESSAGES: Record<VerifyFailure, string> = {
  invalid_key: "The API key is not valid. Check that it was copied whole.",
  key_expired: "The API key has expired. Ask the gateway admin for a new one.",
  key_revoked: "The API key has been revoked. Ask the gateway admin for a new one.",
  key_disabled: "The API key is disabled. Ask the gateway admin to enable it again.",
  unavailable: "The key store is unavailable; retry shortly.",
  shielded: "Too many failed authentications from this address; wait before trying again with a valid key.",
};
