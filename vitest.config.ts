import { randomBytes } from "node:crypto";
import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-plugin";
import { defineConfig } from "vitest/config";

// Fresh secrets per run: tests read them from `env`, and a leak check can search for them.
const secret = () => randomBytes(32).toString("base64url");

export default defineConfig(async () => {
  const migrations = await readD1Migrations("./migrations");
  return {
    plugins: [
      cloudflareTest({
        wrangler: { configPath: "./wrangler.toml" },
        miniflare: {
          bindings: {
            TEST_MIGRATIONS: migrations,
            ADMIN_API_KEY: `admin_${secret()}`,
            KEY_HASH_SECRET: secret(),
            PROVIDER_KEY_ENCRYPTION_KEY: randomBytes(32).toString("base64"),
            ENABLE_MOCK_PROVIDER: "true",
          },
        },
      }),
    ],
    test: {
      setupFiles: ["./test/helpers/apply-migrations.ts"],
      include: ["test/**/*.test.ts"],
      exclude: ["test/node/**"],
      testTimeout: 30_000,
    },
  };
});
