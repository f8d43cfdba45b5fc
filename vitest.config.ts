import { randomBytes } from "node:crypto";
import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-plugin";
import { defineConfig } from "vitest/config";
import type {} from "./test/e2e/build-worker";
// Bring the ProvidedContext keys (upstreamUrl, upstashUrl, upstashToken) into scope for `inject`.
import type {} from "./test/node/global-setup";
import type {} from "./test/node/upstash-setup";

// Fresh secrets per run: tests read them from `env`, and a leak check can search for them.
const secret = () => randomBytes(32).toString("base64url");
// Canary gateway default provider keys: tests assert they reach the fake upstream and nothing else.
const canary = (provider: string) => `canary-gw-${provider}-${randomBytes(12).toString("hex")}`;

export default defineConfig(async () => {
  const migrations = await readD1Migrations("./migrations");
  const bindings = {
    TEST_MIGRATIONS: migrations,
    ADMIN_API_KEY: `admin_${secret()}`,
    KEY_HASH_SECRET: secret(),
    PROVIDER_KEY_ENCRYPTION_KEY: randomBytes(32).toString("base64"),
    ENABLE_MOCK_PROVIDER: "true",
  };
  /** Every provider's base URL on the fake upstream (loopback), with canary gateway keys. */
  const providers = (upstream: string) => ({
    FAKE_UPSTREAM_URL: upstream,
    UPSTREAM_TIMEOUT_MS: "5000",
    OPENAI_BASE_URL: `${upstream}/openai/v1`,
    ANTHROPIC_BASE_URL: `${upstream}/anthropic`,
    GEMINI_BASE_URL: `${upstream}/gemini`,
    GROQ_BASE_URL: `${upstream}/groq/openai/v1`,
    MISTRAL_BASE_URL: `${upstream}/mistral/v1`,
    OPENROUTER_BASE_URL: `${upstream}/openrouter/api/v1`,
    OPENAI_API_KEY: canary("openai"),
    ANTHROPIC_API_KEY: canary("anthropic"),
    GEMINI_API_KEY: canary("gemini"),
    GROQ_API_KEY: canary("groq"),
    MISTRAL_API_KEY: "",
    OPENROUTER_API_KEY: canary("openrouter"),
  });
  const common = {
    setupFiles: ["./test/helpers/apply-migrations.ts", "./test/helpers/settle-background-work.ts"],
    testTimeout: 30_000,
  };
  return {
    test: {
      projects: [
        {
          plugins: [
            cloudflareTest(async ({ inject }) => ({
              wrangler: { configPath: "./wrangler.toml" },
              miniflare: { bindings: { ...bindings, ...providers(inject("upstreamUrl")) } },
            })),
          ],
          test: {
            ...common,
            name: "workers",
            globalSetup: ["./test/node/global-setup.ts"],
            include: ["test/**/*.test.ts"],
            exclude: ["test/node/**", "test/upstash/**", "test/e2e/**"],
          },
        },
        {
          // The same Worker with RATE_LIMIT_BACKEND=upstash, against a real Redis behind a REST shim.
          plugins: [
            cloudflareTest(async ({ inject }) => ({
              wrangler: { configPath: "./wrangler.toml" },
              miniflare: {
                bindings: {
                  ...bindings,
                  RATE_LIMIT_BACKEND: "upstash",
                  UPSTASH_REDIS_REST_URL: inject("upstashUrl"),
                  UPSTASH_REDIS_REST_TOKEN: inject("upstashToken"),
                  FAKE_UPSTREAM_URL: inject("upstreamUrl"),
                  // The local REST shim queues 200 concurrent calls; the 1 s default is tested on its own.
                  UPSTASH_TIMEOUT_MS: "10000",
                },
              },
            })),
          ],
          test: {
            ...common,
            name: "upstash",
            include: ["test/upstash/**/*.test.ts"],
            globalSetup: ["./test/node/upstash-setup.ts"],
          },
        },
        {
          // Node side: the built Worker under Miniflare, driven by real Chromium and the CLI.
          test: {
            name: "e2e",
            environment: "node",
            include: ["test/e2e/**/*.test.ts"],
            globalSetup: ["./test/e2e/build-worker.ts"],
            testTimeout: 60_000,
            hookTimeout: 120_000,
          },
        },
      ],
    },
  };
});
