import { intFlag, readSecret } from "../args.mjs";
import { UsageError } from "../errors.mjs";
import { details, minute, table } from "../format.mjs";
import { CLEAR_OPTIONS, POLICY_OPTIONS, policyBody } from "./policy.mjs";

const MODULE_COLUMNS = [
  ["MODULE_ID", (m) => m.module_id],
  ["NAME", (m) => (m.name.length > 28 ? `${m.name.slice(0, 27)}…` : m.name)],
  ["STATUS", (m) => m.status],
  ["KEY", (m) => `…${m.key_last4}`],
  ["EXPIRES (UTC)", (m) => minute(m.expires_at)],
  ["RATE/H", (m) => m.rate_limit_per_hour ?? "default"],
  ["LAST USED (UTC)", (m) => minute(m.last_used_at)],
];

const STATUSES = ["active", "disabled", "revoked", "expired"];
const id = (args) => encodeURIComponent(args.module_id);

/** A command that posts to /modules/{id}/<action> and prints one sentence about the module. */
function stateChange(action, summary, sentence) {
  return {
    name: action,
    summary,
    args: ["module_id"],
    examples: [`${action} mod_4Qz8a1Xc0RbT7mYwq2LdNe`],
    async run({ client, args }) {
      const m = await client.call("POST", `/modules/${id(args)}/${action}`);
      return { json: m, text: sentence(m) };
    },
  };
}

export const MODULE_COMMANDS = [
  {
    name: "provision",
    summary: "Create a key for one plugin; the key is printed once",
    options: {
      name: { type: "string", help: "the plugin's name (required)" },
      days: { type: "string", help: "days until the key expires, 1..365 (default 365)" },
      account: { type: "string", help: "the account that owns the key (its provider keys are used)" },
      ...POLICY_OPTIONS,
      passthrough: { type: "string", help: "allow the native passthrough: on or off (default off)" },
    },
    examples: [
      "provision --name recipe-helper --days 30 --origin https://app.example.com --model mock/echo",
      "provision --name shop-bot --account acc_1Jx9Qm3Vb7TnZp0LsR8Wc2 --rate 500 --visitor-rate 20",
    ],
    async run({ client, values, command }) {
      if (!values.name) throw new UsageError("--name is required", command);
      const days = intFlag(values.days, "days", command);
      const made = await client.call("POST", "/modules/provision", {
        name: values.name,
        ...(days !== undefined ? { expires_in_days: days } : {}),
        ...(values.account ? { account_id: values.account } : {}),
        ...policyBody(values, command),
      });
      return {
        json: made,
        text: `${details(made)}\n\nThe secret_key above is shown once. Store it in the plugin page now.`,
      };
    },
  },
  {
    name: "import",
    summary: "Bring over a key from an older system (read from stdin or a hidden prompt, never argv)",
    options: {
      name: { type: "string", help: "the plugin's name (required)" },
      "expires-at": { type: "string", help: "when the key stops working, ISO-8601 (default: 365 days from now)" },
      account: { type: "string", help: "the account that owns the key" },
      ...POLICY_OPTIONS,
    },
    examples: [
      "import --name old-recipe-plugin < legacy-key.txt",
      'printf %s "$OLD_KEY" | gateway-admin import --name old-shop-bot --origin https://shop.example.com',
    ],
    async run({ client, values, command }) {
      if (!values.name) throw new UsageError("--name is required", command);
      const body = {
        name: values.name,
        ...(values.account ? { account_id: values.account } : {}),
        ...policyBody(values, command),
      };
      const secret = await readSecret("the key to import", command);
      const made = await client.call("POST", "/modules/import", { ...body, secret_key: secret });
      return { json: made, text: `${details(made)}\n\nImported: plugins using this key keep working.` };
    },
  },
  {
    name: "list",
    summary: "List keys, newest first",
    options: {
      q: { type: "string", help: "only keys whose name contains this text" },
      status: { type: "string", help: `only keys with this status: ${STATUSES.join(", ")}` },
      account: { type: "string", help: "only keys of this account" },
      limit: { type: "string", help: "keys per page, 1..100 (default 50)" },
      all: { type: "boolean", help: "follow the cursor to the end" },
    },
    examples: ["list", "list --status disabled", "list --q recipe --account acc_1Jx9Qm3Vb7TnZp0LsR8Wc2 --all"],
    async run({ client, values, command }) {
      if (values.status && !STATUSES.includes(values.status)) {
        throw new UsageError(`--status must be one of ${STATUSES.join(", ")}, not "${values.status}"`, command);
      }
      const limit = intFlag(values.limit, "limit", command) ?? 50;
      const modules = [];
      let cursor = null;
      do {
        const q = new URLSearchParams({ limit: String(limit) });
        if (values.q) q.set("q", values.q);
        if (values.status) q.set("status", values.status);
        if (values.account) q.set("account_id", values.account);
        if (cursor) q.set("cursor", cursor);
        const page = await client.call("GET", `/modules?${q}`);
        modules.push(...page.modules);
        cursor = values.all ? page.next_cursor : null;
      } while (cursor);
      return { json: modules, text: modules.length ? table(modules, MODULE_COLUMNS) : "No keys match." };
    },
  },
  {
    name: "get",
    summary: "Show one key with its use of the current hour's limit",
    args: ["module_id"],
    examples: ["get mod_4Qz8a1Xc0RbT7mYwq2LdNe"],
    async run({ client, args }) {
      const m = await client.call("GET", `/modules/${id(args)}`);
      return { json: m, text: details(m) };
    },
  },
  {
    name: "patch",
    summary: "Change a key's name, expiry, limits or policy; effective on the next request",
    args: ["module_id"],
    options: {
      name: { type: "string", help: "a new name" },
      "expires-at": { type: "string", help: "a new expiry, ISO-8601, in the future and at most 365 days away" },
      ...POLICY_OPTIONS,
      ...CLEAR_OPTIONS,
      passthrough: { type: "string", help: "allow the native passthrough: on or off" },
    },
    examples: [
      "patch mod_4Qz8a1Xc0RbT7mYwq2LdNe --rate 200 --visitor-rate none",
      "patch mod_4Qz8a1Xc0RbT7mYwq2LdNe --any-origin --model openai/gpt-4o-mini",
    ],
    async run({ client, values, args, command }) {
      const body = { ...(values.name ? { name: values.name } : {}), ...policyBody(values, command) };
      if (Object.keys(body).length === 0) throw new UsageError("nothing to change: give at least one option", command);
      const m = await client.call("PATCH", `/modules/${id(args)}`, body);
      return { json: m, text: details(m) };
    },
  },
  {
    name: "rotate",
    summary: "Issue a new key; the old one keeps working for --grace seconds",
    args: ["module_id"],
    options: { grace: { type: "string", help: "seconds the old key keeps working, 0..604800 (default 0)" } },
    examples: ["rotate mod_4Qz8a1Xc0RbT7mYwq2LdNe --grace 3600"],
    async run({ client, values, args, command }) {
      const grace = intFlag(values.grace, "grace", command);
      const rotated = await client.call(
        "POST",
        `/modules/${id(args)}/rotate`,
        grace === undefined ? {} : { grace_seconds: grace },
      );
      return {
        json: rotated,
        text: `${details(rotated)}\n\nThe new secret_key is shown once. The old key works until previous_key_expires_at.`,
      };
    },
  },
  stateChange(
    "disable",
    "Stop a key until enabled again (403 key_disabled from the next request)",
    (m) => `Disabled ${m.module_id} (${m.name}); enable it to let its key work again.`,
  ),
  stateChange("enable", "Let a disabled key work again", (m) => `Enabled ${m.module_id} (${m.name}).`),
  stateChange(
    "revoke",
    "Stop a key for good (final)",
    (m) => `Revoked ${m.module_id} (${m.name}); its keys stop working on the next request.`,
  ),
  {
    name: "delete",
    summary: "Delete a key and its record",
    args: ["module_id"],
    examples: ["delete mod_4Qz8a1Xc0RbT7mYwq2LdNe"],
    async run({ client, args }) {
      await client.call("DELETE", `/modules/${id(args)}`);
      return { json: { deleted: args.module_id }, text: `Deleted ${args.module_id}.` };
    },
  },
];
