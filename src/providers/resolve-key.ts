import { additionalData, importMasterKey, open } from "../crypto/envelope";
import type { Database } from "../db/client";
import { readAccountKey } from "./account-keys";
import type { Provider } from "./registry";
import { ProviderSecret } from "./secret";

export type KeyResolution =
  | { ok: true; secret: ProviderSecret; source: "account" | "gateway" | "none" }
  | { ok: false; reason: string };

/**
 * The provider key for one request, and the one place in `src/` that reads a provider key from
 * `env`. A module of an account uses the account's BYOK key; the gateway default only when the
 * account opted in (`allow_gateway_keys`) and has no key of its own. A module without an account
 * uses the gateway default. An undecryptable BYOK key fails closed: never a silent fallback.
 * `deps.db` is called only for a module of an account, so other requests build no D1 client.
 */
export async function resolveProviderKey(
  provider: Provider,
  accountId: string | null,
  deps: { env: Env; db: () => Database },
): Promise<KeyResolution> {
  if (!provider.defaultKeyVar) return { ok: true, secret: new ProviderSecret(""), source: "none" };
  const gatewayKey = readGatewayKey(deps.env, provider.defaultKeyVar);

  if (accountId === null) {
    return gatewayKey
      ? { ok: true, secret: gatewayKey, source: "gateway" }
      : { ok: false, reason: `the gateway has no default ${provider.name} key configured` };
  }

  const { account, sealed } = await readAccountKey(deps.db, accountId, provider.name);
  if (sealed) {
    const master = await masterKeyOf(deps.env.PROVIDER_KEY_ENCRYPTION_KEY);
    if (!master) return { ok: false, reason: "the gateway's encryption key is not configured" };
    const opened = await open(master, sealed, additionalData(accountId, provider.name));
    if (!opened.ok)
      return { ok: false, reason: `the account's ${provider.name} key cannot be decrypted; store it again` };
    return { ok: true, secret: new ProviderSecret(opened.plaintext), source: "account" };
  }
  if (account?.allowGatewayKeys && gatewayKey) return { ok: true, secret: gatewayKey, source: "gateway" };
  if (account?.allowGatewayKeys) {
    return { ok: false, reason: `the account has no ${provider.name} key and the gateway has no default one` };
  }
  return {
    ok: false,
    reason: `the account has no ${provider.name} key and has not opted in to the gateway's keys (allow_gateway_keys)`,
  };
}

/**
 * The imported master key, once per isolate and secret value (an import per request costs more
 * than the decryption). Only a resolved key is kept, never a promise: a request must not await
 * work another request started (workerd cancels continuations across request contexts).
 */
let master: { secret: string | undefined; key: CryptoKey | null } | null = null;
async function masterKeyOf(secret: string | undefined): Promise<CryptoKey | null> {
  if (master !== null && master.secret === secret) return master.key;
  const key = await importMasterKey(secret);
  master = { secret, key };
  return key;
}

function readGatewayKey(env: Env, name: keyof Env): ProviderSecret | null {
  const value = env[name];
  return typeof value === "string" && value.trim() !== "" ? new ProviderSecret(value.trim()) : null;
}
