import { randomBytes } from "node:crypto";
import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-plugin";
import { defineConfig } from "vitest/config";

// Fresh secrets per run: tests read them from `env`, and a leak check can search for them.
const secret = () => randomBytes(32).toString("base64url");
// Canary gateway default provider keys: tests assert they reach the fake upstream and nothing else.
const canary = (provider: string) => `canary-gw-${provider}-${randomBytes(12).toString("hex")}`;

export default defineConfig(async () => {
  const migrations = await readD1Migrations("./migrations");
  return {
    plugins: [
      cloudflareTest(async ({ inject }) => {
        const upstream = inject("upstreamUrl");
        return {
          wrangler: { configPath: "./wrangler.toml" },
          miniflare: {
            bindings: {
              TEST_MIGRATIONS: migrations,
              ADMIN_API_KEY: `admin_${secret()}`,
              KEY_HASH_SECRET: secret(),
              PROVIDER_KEY_ENCRYPTION_KEY: randomBytes(32).toString("base64"),
              ENABLE_MOCK_PROVIDER: "true",
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
            },
          },
        };
      }),
    ],
    test: {
      globalSetup: ["./test/node/global-setup.ts"],
      setupFiles: ["./test/helpers/apply-migrations.ts"],
      include: ["test/**/*.test.ts"],
      exclude: ["test/node/**"],
      testTimeout: 30_000,
    },
  };
});
