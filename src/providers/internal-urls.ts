import { baseUrlOf, enabledProviders } from "./registry";

/**
 * Every provider base URL this deployment is configured with. Operators point these at
 * proxies and private hosts (tests at loopback), so no answer may show them: scrubbers hide
 * each one, its origin and its host wherever a provider echoes them.
 */
export function internalBaseUrls(env: Env): string[] {
  return enabledProviders({ mockEnabled: false })
    .map((provider) => baseUrlOf(provider, env))
    .filter((url): url is string => url !== null);
}
