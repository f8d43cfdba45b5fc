import { execFile } from "node:child_process";
import { resolve } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cliRunner } from "./cli";
import { adminCall, type Gateway, startTestGateway } from "./gateway";

const CLI = resolve(import.meta.dirname, "../../bin/gateway-admin.mjs");
const run = promisify(execFile);

let gateway: Gateway;
const cli = cliRunner(() => gateway);

beforeAll(async () => {
  gateway = await startTestGateway();
}, 60_000);
afterAll(() => gateway?.stop());

describe("admin CLI", () => {
  it("provisions a key and prints it once, in a table", async () => {
    const out = await cli(
      "provision",
      "--name",
      "cli plugin",
      "--days",
      "7",
      "--rate",
      "100",
      "--origin",
      "https://app.example.com",
    );
    expect(out.code, out.stderr).toBe(0);
    expect(out.stdout).toMatch(/^FIELD\s+VALUE/);
    expect(out.stdout).toMatch(/secret_key\s+egw_pub_[0-9A-Za-z]{49}/);
    expect(out.stdout).toMatch(/rate_limit_per_hour\s+100/);
    expect(out.stdout).toContain("shown once");
  });

  it("lists modules as a table with one row per module", async () => {
    const made = await adminCall(gateway, "POST", "/modules/provision", { name: "listed plugin" });
    const out = await cli("list", "--all", "--limit", "1");
    expect(out.code, out.stderr).toBe(0);
    const [header, rule, ...rows] = out.stdout.trim().split("\n");
    expect(header).toMatch(/^MODULE_ID\s+NAME\s+STATUS\s+KEY\s+EXPIRES \(UTC\)\s+RATE\/H\s+LAST USED \(UTC\)$/);
    expect(rule).toMatch(/^-+(\s+-+)+$/);
    expect(rows.some((r) => r.startsWith(made.module_id) && r.includes("listed plugin") && r.includes("active"))).toBe(
      true,
    );
    expect(out.stdout).not.toContain(made.secret_key);
  });

  it("rotates, revokes and deletes, and the JSON mode prints the raw answer", async () => {
    const made = await adminCall(gateway, "POST", "/modules/provision", { name: "lifecycle" });
    const rotated = await cli("rotate", made.module_id, "--grace", "60", "--json");
    expect(JSON.parse(rotated.stdout)).toMatchObject({
      module_id: made.module_id,
      secret_key: expect.stringMatching(/^egw_pub_/),
    });
    expect((await cli("revoke", made.module_id)).stdout).toContain(`Revoked ${made.module_id}`);
    expect((await cli("get", made.module_id, "--json")).stdout).toContain('"status": "revoked"');
    expect((await cli("delete", made.module_id)).stdout).toContain(`Deleted ${made.module_id}`);
  });

  it("exits 1 with the contract's code and message for an API error, and names a bad flag", async () => {
    const missing = await cli("get", "mod_does_not_exist");
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain("404 not_found: No module with id mod_does_not_exist.");
    const badFlag = await cli("provision", "--name", "x", "--days", "soon");
    expect(badFlag.code).toBe(2);
    expect(badFlag.stderr).toContain("--days must be a whole number");
    const badDays = await cli("provision", "--name", "x", "--days", "400");
    expect(badDays.code).toBe(1);
    expect(badDays.stderr).toContain("expires_in_days");
    const wrongKey = await run(process.execPath, [CLI, "list"], {
      env: { ...process.env, GATEWAY_URL: gateway.url, GATEWAY_ADMIN_KEY: "wrong" },
    }).catch((e: { stderr: string; code: number }) => e);
    expect(wrongKey.stderr).toContain("401 invalid_key");
  });
});
