import type { Sealed } from "../crypto/envelope";
import { getAccount } from "../db/accounts";
import type { Database } from "../db/client";
import { getProviderKey } from "../db/provider-keys";
import { TtlCache } from "../lib/ttl-cache";
import { PROVIDER_NAMES } from "./registry";

/**
 * How long an isolate reuses what D1 said about an account's key for one provider. Deleting or
 * replacing a BYOK key, or turning `allow_gateway_keys` off, takes effect at once in the isolate
 * that served the admin write and within this bound everywhere else (D1 reads in between: none).
 */
export const ACCOUNT_KEY_TTL_MS = 5_000;
/** (account, provider) pairs an isolate keeps at most; the least recently used is dropped first. */
export const ACCOUNT_KEY_MAX = 1_000;

/** An account's view for one provider: its opt-in to the gateway's keys and its sealed key, if any. */
export type AccountKeyView = { account: { allowGatewayKeys: boolean } | null; sealed: Sealed | null };

const views = new TtlCache<AccountKeyView>(ACCOUNT_KEY_TTL_MS, ACCOUNT_KEY_MAX);
const slot = (accountId: string, provider: string) => `${accountId}\u0000${provider}`;

/**
 * The account row's opt-in and the provider key's ciphertext, from the isolate's memo or (two
 * reads in parallel) from D1. Only the ciphertext is held: the key is decrypted per request.
 */
export async function readAccountKey(db: () => Database, accountId: string, provider: string): Promise<AccountKeyView> {
  const held = views.get(slot(accountId, provider));
  if (held) return held;
  const d1 = db();
  const [account, row] = await Promise.all([getAccount(d1, accountId), getProviderKey(d1, accountId, provider)]);
  const view: AccountKeyView = {
    account: account ? { allowGatewayKeys: account.allowGatewayKeys } : null,
    sealed: row ? { ciphertext: row.ciphertext, iv: row.iv } : null,
  };
  views.set(slot(accountId, provider), view);
  return view;
}

/** Drops this isolate's copies for an account (every provider, or one) after an admin write. */
export function forgetAccountKeys(accountId: string, provider?: string): void {
  for (const name of provider ? [provider] : PROVIDER_NAMES) views.delete(slot(accountId, name));
}
