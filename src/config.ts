import { z } from "zod";

/**
 * Every configuration var the gateway reads, parsed once per env object, with its default written
 * here and nowhere else: wrangler.toml's `[vars]` sets a var only to change it. Secrets (admin key,
 * pepper, master key, provider keys) are not configuration and stay on `Env`.
 *
 * A missing or unreadable value falls back to its default, as it always has: a typo in a tunable
 * must not take the gateway down.
 */
const positiveInt = (fallback: number) => z.coerce.number().int().positive().catch(fallback);

/** On only when the var is exactly "true": "TRUE", "1" or "yes" leave it off. */
const flag = z
  .string()
  .optional()
  .transform((value) => value === "true");

/** An http(s) base URL without trailing slashes; null when unset or not http(s). */
const baseUrl = (fallback: string) =>
  z
    .string()
    .default(fallback)
    .transform((raw) => (/^https?:\/\//.test(raw) ? raw.replace(/\/+$/, "") : null));

const text = z.string().default("");

/** A positive integer when set and readable; undefined otherwise (the caller's fallback applies). */
const optionalPositiveInt = z.coerce.number().int().positive().optional().catch(undefined);

export const ConfigSchema = z.object({
  /** Requests per rolling hour for a key whose own limit is null. */
  DEFAULT_RATE_LIMIT_PER_HOUR: positiveInt(1000),
  /** Output-token cap for a key without its own. */
  DEFAULT_MAX_OUTPUT_TOKENS: positiveInt(1024),
  /** No response headers (or a silent stream) for this long aborts the upstream call. */
  UPSTREAM_TIMEOUT_MS: positiveInt(60_000),
  /** Time to the provider's response headers; UPSTREAM_TIMEOUT_MS when unset. 504 after it. */
  UPSTREAM_TTFB_TIMEOUT_MS: optionalPositiveInt,
  /** Longest provider silence once its headers are in; UPSTREAM_TIMEOUT_MS when unset. */
  STREAM_IDLE_TIMEOUT_MS: optionalPositiveInt,
  /** Largest non-streamed provider answer read, in bytes; more is 502 `upstream_error`. */
  MAX_ANSWER_BYTES: positiveInt(10 * 1024 * 1024),
  /** Request bodies over this many bytes get 413. */
  MAX_BODY_BYTES: positiveInt(1_048_576),
  /** Deepest nesting of objects and arrays accepted in a JSON request body; deeper is 400. */
  MAX_JSON_DEPTH: positiveInt(64),
  /** Lets requests through (with a warning) when the limiter is unreachable but not overloaded. */
  RATE_LIMIT_FAIL_OPEN: flag,
  /** `durable-object` (the default) or `upstash`; any other value fails like an unreachable limiter. */
  RATE_LIMIT_BACKEND: z
    .string()
    .optional()
    .transform((v) => v || "durable-object"),
  /** The offline `mock` provider; production leaves it off. */
  ENABLE_MOCK_PROVIDER: flag,
  /**
   * Where a module's Durable Object is created (`wnam`, `enam`, `sam`, `weur`, `eeur`, `apac`,
   * `oc`, `afr`, `me`); only an object's first `get()` counts. Unset: near its first caller,
   * which is the admin request that provisioned the module.
   */
  OBJECT_LOCATION_HINT: z
    .enum(["wnam", "enam", "sam", "weur", "eeur", "apac", "oc", "afr", "me"])
    .optional()
    .catch(undefined),
  UPSTASH_REDIS_REST_URL: text,
  /** Deadline of one limiter decision on Upstash (all its REST calls); then 503, or pass if fail-open. */
  UPSTASH_TIMEOUT_MS: positiveInt(1000),
  /** Deadline of one Durable Object or D1 call on the request path; then as if the store were down. */
  STORE_TIMEOUT_MS: positiveInt(5000),
  UPSTASH_REDIS_REST_TOKEN: text,
  EXPIRY_WEBHOOK_URL: text,
  /** Days before a key's expiry at which `key.expiring` is sent, e.g. "14,7,1"; malformed entries are dropped. */
  EXPIRY_WARNING_DAYS: z
    .string()
    .default("14,7,1")
    .transform((raw) =>
      raw
        .split(",")
        .map((s) => Number(s.trim()))
        .filter((n) => Number.isInteger(n) && n > 0 && n <= 366),
    ),
  OPENAI_BASE_URL: baseUrl("https://api.openai.com/v1"),
  ANTHROPIC_BASE_URL: baseUrl("https://api.anthropic.com"),
  GEMINI_BASE_URL: baseUrl("https://generativelanguage.googleapis.com"),
  GROQ_BASE_URL: baseUrl("https://api.groq.com/openai/v1"),
  MISTRAL_BASE_URL: baseUrl("https://api.mistral.ai/v1"),
  OPENROUTER_BASE_URL: baseUrl("https://openrouter.ai/api/v1"),
});

export type Config = z.infer<typeof ConfigSchema>;

/** The vars as a deployment (or a test) sets them: strings, each optional. */
export type ConfigVars = Partial<Record<keyof Config, string>>;

/** The vars holding a provider's base URL. */
export type BaseUrlVar = { [K in keyof Config]: K extends `${string}_BASE_URL` ? K : never }[keyof Config];

const parsed = new WeakMap<object, Config>();

/** The typed configuration of an env, parsed on first use and then served from memory. */
export function configOf(env: object): Config {
  let config = parsed.get(env);
  if (!config) {
    config = ConfigSchema.parse(env);
    parsed.set(env, config);
  }
  return config;
}
