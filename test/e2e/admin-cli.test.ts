import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cliRunner } from "./cli";
import { adminCall, type Gateway, startTestGateway } from "./gateway";

let gateway: Gateway;
const cli = cliRunner(() => gateway);

beforeAll(async () => {
  gateway = await startTestGateway();
}, 60_000);
afterAll(() => gateway?.stop());

function chat(key: string) {
  return fetch(`${gateway.url}/api/v1/chat/completions`, {
    method: "POST",
    headers: { "x-api-key": key, "content-type": "application/json" },
    body: JSON.stringify({ model: "mock/echo", messages: [{ role: "user", content: "cli test" }] }),
  });
}

const COMMANDS = [
  "provision",
  "import",
  "list",
  "get",
  "patch",
  "rotate",
  "disable",
  "enable",
  "revoke",
  "delete",
  "usage",
  "accounts list",
  "accounts get",
  "accounts create",
  "accounts patch",
  "accounts usage",
  "provider-keys list",
  "provider-keys put",
  "provider-keys delete",
];

describe("admin CLI help and usage errors", () => {
  it("lists every command with the exit codes in --help", async () => {
    const out = await cli("--help");
    expect(out.code).toBe(0);
    for (const name of COMMANDS) expect(out.stdout).toContain(`  ${name}  `.replace(/ {2}$/, ""));
    expect(out.stdout).toContain(
      "Exit codes: 0 success, 1 the gateway refused or could not be reached, 2 usage error.",
    );
  });

  it("prints each command's own usage, options and examples for <command> --help", async () => {
    for (const name of COMMANDS) {
      const out = await cli(...name.split(" "), "--help");
      expect(out.code, name).toBe(0);
      expect(out.stdout, name).toMatch(new RegExp(`^Usage: gateway-admin ${name}`));
      expect(out.stdout, name).toContain(`Examples:\n  gateway-admin ${name}`);
      expect(out.stdout, name).not.toContain("undefined");
    }
  });

  it("exits 2 with the command's help for usage errors, and never says 'undefined'", async () => {
    const cases: Array<[string[], string]> = [
      [["provision", "--days", "abc", "--name", "x"], '--days must be a whole number, not "abc"'],
      [["provision"], "--name is required"],
      [["get"], "missing <module_id>"],
      [["get", "a", "b"], 'unexpected argument "b"'],
      [["list", "--status", "paused"], "--status must be one of active, disabled, revoked, expired"],
      [["list", "--nosuch"], "Unknown option '--nosuch'"],
      [["usage", "mod_x", "--days", "soon"], "--days must be a whole number"],
      [["usage", "mod_x", "--granularity", "week"], "--granularity must be hour or day"],
      [["patch", "mod_x"], "nothing to change"],
      [["patch", "mod_x", "--origin", "https://a.example.com", "--any-origin"], "contradict"],
      [["patch", "mod_x", "--expires-at", "tomorrow"], "--expires-at must be an ISO-8601 time"],
      [["accounts"], '"accounts" needs one of: list, get, create, patch, usage'],
      [["accounts", "patch", "acc_x", "--gateway-keys", "maybe"], "--gateway-keys must be on or off"],
      [["provider-keys", "put", "acc_x"], "missing <provider>"],
      [["frobnicate"], 'unknown command "frobnicate"'],
      [[], "no command given"],
    ];
    for (const [args, message] of cases) {
      const out = await cli(...args);
      expect(out.code, args.join(" ")).toBe(2);
      expect(out.stderr, args.join(" ")).toContain(message);
      expect(out.stderr, args.join(" ")).toContain("Usage: gateway-admin");
      expect(out.stdout + out.stderr, args.join(" ")).not.toContain("undefined");
    }
  });

  it("exits 1 with the gateway's message for a model of an unknown provider", async () => {
    const out = await cli("provision", "--name", "x", "--model", "nosuch/model");
    expect(out.code).toBe(1);
    expect(out.stderr).toContain("400 invalid_request");
    expect(out.stderr).toContain("allowed_models.0");
    expect(out.stderr).toContain("openai");
  });
});

describe("admin CLI commands", () => {
  it("imports a key read from stdin (never argv), then disables and enables it", async () => {
    const legacy = "0123456789abcdef".repeat(4);
    const imported = await cli("import", "--name", "cli legacy", "--json", { input: `${legacy}\n` });
    expect(imported.code, imported.stderr).toBe(0);
    const made = JSON.parse(imported.stdout);
    expect(made).toMatchObject({ name: "cli legacy", key_format: "imported" });
    expect(imported.stdout).not.toContain(legacy);
    expect((await chat(legacy)).status).toBe(200);

    const disabled = await cli("disable", made.module_id);
    expect(disabled.stdout).toContain(`Disabled ${made.module_id} (cli legacy)`);
    expect((await chat(legacy)).status).toBe(403);
    expect((await cli("list", "--status", "disabled", "--q", "cli legacy")).stdout).toContain(made.module_id);
    const enabled = await cli("enable", made.module_id);
    expect(enabled.stdout).toContain(`Enabled ${made.module_id}`);
    expect((await chat(legacy)).status).toBe(200);

    const empty = await cli("import", "--name", "nothing", { input: "" });
    expect(empty.code).toBe(2);
    expect(empty.stderr).toContain("nothing on stdin");
  });

  it("patches limits, clears lists with --any-origin/--any-model, and switches passthrough and built-in tools", async () => {
    const made = await adminCall(gateway, "POST", "/modules/provision", {
      name: "cli patch",
      allowed_origins: ["https://a.example.com"],
      allowed_models: ["mock/echo"],
    });
    const out = await cli(
      "patch",
      made.module_id,
      "--rate",
      "7",
      "--visitor-rate",
      "none",
      "--any-origin",
      "--any-model",
      "--json",
    );
    expect(out.code, out.stderr).toBe(0);
    expect(JSON.parse(out.stdout)).toMatchObject({
      rate_limit_per_hour: 7,
      rate_limit_per_visitor_per_hour: null,
      allowed_origins: [],
      allowed_models: [],
    });
    const on = await cli("patch", made.module_id, "--passthrough", "on", "--builtin-tool", "web_search", "--json");
    expect(on.code, on.stderr).toBe(0);
    expect(JSON.parse(on.stdout)).toMatchObject({ allow_passthrough: true, allowed_builtin_tools: ["web_search"] });
    const off = await cli("patch", made.module_id, "--passthrough", "off", "--no-builtin-tools", "--json");
    expect(JSON.parse(off.stdout)).toMatchObject({ allow_passthrough: false, allowed_builtin_tools: [] });
  });

  it("lists, creates, gets and patches accounts", async () => {
    const created = await cli("accounts", "create", "--name", "cli account", "--json");
    expect(created.code, created.stderr).toBe(0);
    const account = JSON.parse(created.stdout);
    const listed = await cli("accounts", "list", "--all");
    expect(listed.stdout).toMatch(/^ACCOUNT_ID\s+NAME\s+GATEWAY KEYS\s+CREATED \(UTC\)/);
    expect(listed.stdout).toContain(account.account_id);
    const patched = await cli(
      "accounts",
      "patch",
      account.account_id,
      "--name",
      "cli account 2",
      "--gateway-keys",
      "on",
    );
    expect(patched.code, patched.stderr).toBe(0);
    expect(patched.stdout).toMatch(/allow_gateway_keys\s+true/);
    expect((await cli("accounts", "get", account.account_id)).stdout).toMatch(/name\s+cli account 2/);
  });

  it("puts a provider key from stdin, lists it by its last four, and deletes it", async () => {
    const account = await adminCall(gateway, "POST", "/accounts", { name: "cli keys" });
    const secret = `sk-cli-${"k".repeat(24)}9Z8Y`;
    const put = await cli("provider-keys", "put", account.account_id, "openai", { input: secret });
    expect(put.code, put.stderr).toBe(0);
    expect(put.stdout).toContain(`Stored the openai key of ${account.account_id}`);
    expect(put.stdout + put.stderr).not.toContain(secret);
    const listed = await cli("provider-keys", "list", account.account_id);
    expect(listed.stdout).toMatch(/openai\s+…9Z8Y/);
    expect(listed.stdout).not.toContain(secret);
    expect((await cli("provider-keys", "delete", account.account_id, "openai")).stdout).toContain(
      "Deleted the openai key",
    );
    expect((await cli("provider-keys", "list", account.account_id)).stdout).toContain("No provider keys");
  });
});
