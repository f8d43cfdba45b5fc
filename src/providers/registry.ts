import type { BaseUrlVar, Config } from "../config";
import type { PassthroughSpec } from "../passthrough/endpoint";
import { anthropicAdapter } from "./anthropic/adapter";
import { anthropicPassthrough } from "./anthropic/passthrough";
import { geminiAdapter } from "./gemini/adapter";
import { geminiPassthrough } from "./gemini/passthrough";
import { mockAdapter } from "./mock/adapter";
import { openAiAdapter } from "./openai/adapter";
import { openAiPassthrough } from "./openai/passthrough";
import { openAiWireAdapter } from "./openai-compatible/adapter";
import { refuseModelRouting } from "./openai-compatible/model-routing";
import { openAiWirePassthrough } from "./openai-compatible/passthrough";
import type { ProviderAdapter } from "./types";

/** Env name of a provider's gateway default key (a secret). */
type EnvName = keyof Env & string;

/** What the gateway knows about one provider: its adapter, where it lives, which secret is its default key. */
export type Provider = {
  name: string;
  adapter: ProviderAdapter;
  /** Config var holding the provider's base URL; null for the offline mock. */
  baseUrlVar: BaseUrlVar | null;
  /** Env var holding the gateway default key; null when the provider needs none. */
  defaultKeyVar: EnvName | null;
  /** What `GET /models` advertises to a key with no allowlist. */
  models: readonly string[];
  /** The native endpoints open on `/providers/{name}/…`; null: no passthrough. */
  passthrough: PassthroughSpec | null;
  /** Refuses body fields this provider would act on past the key's policy (unified and passthrough). */
  refuseBody?: (body: Record<string, unknown>) => string | null;
};

/**
 * OpenAI-wire vendors, declared by data: adding one is a line here plus its two env vars
 * (`<NAME>_BASE_URL` in wrangler.toml, `<NAME>_API_KEY` as an optional secret).
 */
const OPENAI_COMPATIBLE = {
  groq: {
    baseUrlVar: "GROQ_BASE_URL",
    defaultKeyVar: "GROQ_API_KEY",
    maxTokensField: "max_completion_tokens",
    responses: true,
    embeddings: false,
    modelRouting: false,
    models: ["llama-3.3-70b-versatile", "llama-3.1-8b-instant"],
  },
  mistral: {
    baseUrlVar: "MISTRAL_BASE_URL",
    defaultKeyVar: "MISTRAL_API_KEY",
    maxTokensField: "max_tokens",
    responses: false,
    embeddings: true,
    modelRouting: false,
    models: ["mistral-small-latest", "mistral-large-latest", "mistral-embed"],
  },
  openrouter: {
    baseUrlVar: "OPENROUTER_BASE_URL",
    defaultKeyVar: "OPENROUTER_API_KEY",
    maxTokensField: "max_tokens",
    responses: true,
    embeddings: true,
    modelRouting: true,
    models: ["openrouter/auto"],
  },
} as const satisfies Record<
  string,
  {
    baseUrlVar: BaseUrlVar;
    defaultKeyVar: EnvName;
    maxTokensField: "max_tokens" | "max_completion_tokens";
    /** Serves OpenAI's Responses API at `{base}/responses`. */
    responses: boolean;
    /** Serves embeddings at `{base}/embeddings`. */
    embeddings: boolean;
    /** Takes fields that route to other models or hosts (OpenRouter's `models`, `route`, `provider`): refused. */
    modelRouting: boolean;
    models: readonly string[];
  }
>;

type OpenAiCompatibleName = keyof typeof OPENAI_COMPATIBLE;

/** Every provider name the gateway can route to, mock included. */
export const PROVIDER_NAMES = [
  "openai",
  "anthropic",
  "gemini",
  ...(Object.keys(OPENAI_COMPATIBLE) as OpenAiCompatibleName[]),
  "mock",
] as const;

/** Providers that take a key (everything but the mock): the valid `{provider}` of the provider-key routes. */
export const KEYED_PROVIDER_NAMES = PROVIDER_NAMES.filter((name) => name !== "mock");

function isOpenAiCompatible(name: string): name is OpenAiCompatibleName {
  return Object.hasOwn(OPENAI_COMPATIBLE, name);
}

/**
 * The provider called `name`, or null when there is none (or it is the mock and the mock is off).
 * The only switch on provider names in the code base.
 */
export function providerNamed(name: string, options: { mockEnabled: boolean }): Provider | null {
  switch (name) {
    case "openai":
      return {
        name,
        adapter: openAiAdapter,
        baseUrlVar: "OPENAI_BASE_URL",
        defaultKeyVar: "OPENAI_API_KEY",
        models: ["gpt-4o-mini", "gpt-4o", "gpt-4.1-mini", "text-embedding-3-small"],
        passthrough: openAiPassthrough,
      };
    case "anthropic":
      return {
        name,
        adapter: anthropicAdapter,
        baseUrlVar: "ANTHROPIC_BASE_URL",
        defaultKeyVar: "ANTHROPIC_API_KEY",
        models: ["claude-sonnet-4-5", "claude-haiku-4-5"],
        passthrough: anthropicPassthrough,
      };
    case "gemini":
      return {
        name,
        adapter: geminiAdapter,
        baseUrlVar: "GEMINI_BASE_URL",
        defaultKeyVar: "GEMINI_API_KEY",
        models: ["gemini-2.5-flash", "gemini-2.5-pro", "gemini-embedding-001"],
        passthrough: geminiPassthrough,
      };
    case "mock":
      return options.mockEnabled
        ? {
            name,
            adapter: mockAdapter,
            baseUrlVar: null,
            defaultKeyVar: null,
            models: ["echo", "lorem"],
            passthrough: null,
          }
        : null;
    default: {
      if (!isOpenAiCompatible(name)) return null;
      const vendor = OPENAI_COMPATIBLE[name];
      const refuseBody = vendor.modelRouting ? refuseModelRouting : undefined;
      return {
        name,
        adapter: openAiWireAdapter({ name, ...vendor }),
        baseUrlVar: vendor.baseUrlVar,
        defaultKeyVar: vendor.defaultKeyVar,
        models: vendor.models,
        passthrough: openAiWirePassthrough(vendor.maxTokensField, refuseBody),
        refuseBody,
      };
    }
  }
}

/** Every enabled provider, in a stable order. */
export function enabledProviders(options: { mockEnabled: boolean }): Provider[] {
  return PROVIDER_NAMES.map((name) => providerNamed(name, options)).filter((p): p is Provider => p !== null);
}

/** A provider's base URL from config, without a trailing slash; null when unset or not http(s). */
export function baseUrlOf(provider: Provider, config: Config): string | null {
  return provider.baseUrlVar ? config[provider.baseUrlVar] : null;
}
