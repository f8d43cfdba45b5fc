import { describe, expect, it } from "vitest";
import devVarsExample from "../../.dev.vars.example?raw";

// The README as text, bundled by Vite at test time: the file a first reader sees.
import readme from "../../README.md?raw";
import { ConfigSchema } from "../../src/config";

describe("README", () => {
  it("stays short: at most 250 lines", () => {
    expect(readme.split("\n").length).toBeLessThanOrEqual(250);
  });

  it("names every configuration var and every secret in its configuration table", () => {
    const table = readme.slice(readme.indexOf("## Configuration"), readme.indexOf("## Security model"));
    const secrets = [...devVarsExample.matchAll(/^([A-Z0-9_]+)=/gm)].map((m) => m[1] as string);
    for (const name of [...Object.keys(ConfigSchema.shape), ...secrets]) {
      const listed =
        table.includes(`\`${name}\``) || (name.endsWith("_BASE_URL") && table.includes("`<PROVIDER>_BASE_URL`"));
      const pair = name.startsWith("UPSTASH_REDIS_REST_") && table.includes("`UPSTASH_REDIS_REST_URL` / `_TOKEN`");
      expect(listed || pair, `${name} is missing from the README's configuration table`).toBe(true);
    }
  });

  it("links only to files inside the repository, never outside it", () => {
    const links = [...readme.matchAll(/\]\(([^)]+)\)/g)].map((m) => m[1] as string);
    expect(links.length).toBeGreaterThan(5);
    for (const link of links) {
      expect(link, link).not.toMatch(/^[a-z]+:|^\.\.\//);
    }
    expect(readme).not.toContain("../shared");
    expect(readme).not.toContain("notes/");
  });
});
