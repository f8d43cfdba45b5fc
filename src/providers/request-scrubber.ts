import type { Context } from "hono";
import { configOf } from "../config";
import type { AppEnv } from "../env";
import { makeScrubber, type Scrubber } from "../lib/scrub";
import { readPresentedKey } from "../middleware/presented-key";
import { baseUrlOf, enabledProviders } from "./registry";
import type { ProviderSecret } from "./secret";

/**
 * Every provider base URL this deployment is configured with. Operators point these at
 * proxies and private hosts (tests at loopback), so no answer may show them.
 */
export function internalBaseUrls(env: Env): string[] {
  const config = configOf(env);
  return enabledProviders({ mockEnabled: false })
    .map((provider) => baseUrlOf(provider, config))
    .filter((url): url is string => typeof url === "string" && url !== "");
}

/**
 * The scrubber for text a provider sent during this request: the resolved provider key and the
 * caller's own key become `[redacted]`, every internal base URL `[provider]` (plain and
 * JSON-escaped spellings alike). Built on first use, so a call that never shows provider text
 * (most chat answers) pays nothing for it.
 */
export function requestScrubber<E extends AppEnv>(c: Context<E>, secret: ProviderSecret): Scrubber {
  let scrubber: Scrubber | null = null;
  return (text) => {
    scrubber ??= makeScrubber({
      secrets: [secret.reveal(), readPresentedKey(c.req.raw)],
      internalUrls: internalBaseUrls(c.env),
    });
    return scrubber(text);
  };
}
