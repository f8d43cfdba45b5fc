import { defineConfig } from "drizzle-kit";

// Migrations are generated from src/db/schema.ts into migrations/ (wrangler's D1 layout)
// and applied by `wrangler d1 migrations apply`; never edit a generated file.
export default defineConfig({
  dialect: "sqlite",
  schema: "./src/db/schema.ts",
  out: "./migrations",
});
