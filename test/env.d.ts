import type { D1Migration } from "@cloudflare/vitest-plugin";

declare global {
  namespace Cloudflare {
    interface Env {
      TEST_MIGRATIONS: D1Migration[];
      /** The fake provider upstream started by test/node/global-setup.ts. */
      FAKE_UPSTREAM_URL: string;
    }
  }
}
