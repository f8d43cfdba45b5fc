import type { Config } from "../config";
import type { Database } from "../db/client";
import { parseModelId } from "../policy/model-policy";
import { baseUrlOf, enabledProviders, type Provider, providerNamed } from "./registry";
import { resolveProviderKey } from "./resolve-key";

/** What deciding whether a provider can serve this key needs. */
export type ServableDeps = { env: Env; config: Config; db: () => Database; accountId: string | null };

/** A provider can serve this key when its base URL is configured and a key resolves for the key's account. */
async function canServe(provider: Provider, deps: ServableDeps): Promise<boolean> {
  if (provider.baseUrlVar && baseUrlOf(provider, deps.config) === null) return false;
  return (await resolveProviderKey(provider, deps.accountId, { env: deps.env, db: deps.db })).ok;
}

/**
 * The `provider/model` ids this key may use and the gateway can serve: the key's allowlist (or
 * every listed model of an enabled provider), minus providers with no base URL or no usable key
 * for the key's account (no BYOK key and no opted-in gateway key).
 */
export async function servableModels(allowedModels: readonly string[], deps: ServableDeps): Promise<string[]> {
  const mockEnabled = deps.config.ENABLE_MOCK_PROVIDER;
  const ids =
    allowedModels.length > 0
      ? [...allowedModels]
      : enabledProviders({ mockEnabled }).flatMap((p) => p.models.map((m) => `${p.name}/${m}`));
  const verdicts = new Map<string, Promise<boolean>>();
  const servable = await Promise.all(
    ids.map((id) => {
      const provider = providerNamed(parseModelId(id)?.provider ?? "", { mockEnabled });
      if (!provider) return false;
      const verdict = verdicts.get(provider.name) ?? canServe(provider, deps);
      verdicts.set(provider.name, verdict);
      return verdict;
    }),
  );
  return ids.filter((_, i) => servable[i]);
}
