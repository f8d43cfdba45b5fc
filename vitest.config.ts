import { randomBytes } from "node:crypto";
import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-plugin";
import { defineConfig } from "vitest/config";
// Brings the ProvidedContext keys (upstashUrl, upstashToken) into scope for `inject`.
import type {} from "./test/node/upstash-setup";

// Fresh secrets per run: tests read them from `env`, and a leak check can search for them.
const secret = () => randomBytes(32).toString("base64url");

export default defineConfig(async () => {
  const migrations = await readD1Migrations("./migrations");
  const bindings = {
    TEST_MIGRATIONS: migrations,
    ADMIN_API_KEY: `admin_${secret()}`,
    KEY_HASH_SECRET: secret(),
    PROVIDER_KEY_ENCRYPTION_KEY: randomBytes(32).toString("base64"),
    ENABLE_MOCK_PROVIDER: "true",
  };
  const common = {
    setupFiles: ["./test/helpers/apply-migrations.ts"],
    testTimeout: 30_000,
  };
  return {
    test: {
      projects: [
        {
          plugins: [cloudflareTest({ wrangler: { configPath: "./wrangler.toml" }, miniflare: { bindings } })],
          test: {
            ...common,
            name: "workers",
            include: ["test/**/*.test.ts"],
            exclude: ["test/node/**", "test/upstash/**"],
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
      ],
    },
  };
});
