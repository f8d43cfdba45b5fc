#!/usr/bin/env node
// `npm run dev`: make .dev.vars if missing (fresh random secrets), apply D1 migrations to the
// local database, print how to provision a first key, then run `wrangler dev` on :8787.
import { spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { chmodSync, existsSync, readFileSync, writeFileSync } from "node:fs";

const PORT = process.env.PORT ?? "8787";

function ensureDevVars() {
  if (existsSync(".dev.vars")) return false;
  const text = readFileSync(".dev.vars.example", "utf8")
    .replaceAll("__generate_base64_32__", () => randomBytes(32).toString("base64"))
    .replaceAll("__generate__", () => randomBytes(32).toString("base64url"));
  writeFileSync(".dev.vars", text, { mode: 0o600 });
  chmodSync(".dev.vars", 0o600);
  return true;
}

const created = ensureDevVars();
console.log(created ? "Created .dev.vars with fresh random secrets." : "Using the existing .dev.vars.");

const migrate = spawnSync("wrangler", ["d1", "migrations", "apply", "DB", "--local"], {
  stdio: "inherit",
  env: { ...process.env, CI: "true" },
});
if (migrate.status !== 0) {
  console.error("Applying the D1 migrations failed; see the output above.");
  process.exit(migrate.status ?? 1);
}

console.log(`
Edge AI gateway: http://localhost:${PORT}   (docs: http://localhost:${PORT}/docs)
The admin key is ADMIN_API_KEY in .dev.vars. Provision a plugin key with:

  curl -s -X POST http://localhost:${PORT}/api/v1/modules/provision \\
    -H "X-API-Key: $(grep '^ADMIN_API_KEY=' .dev.vars | cut -d= -f2-)" \\
    -H 'Content-Type: application/json' \\
    -d '{"name": "my-plugin", "expires_in_days": 30}'
`);

const dev = spawn("wrangler", ["dev", "--port", PORT, "--ip", "127.0.0.1", ...process.argv.slice(2)], {
  stdio: "inherit",
});
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => dev.kill(signal));
dev.on("exit", (code) => process.exit(code ?? 0));
