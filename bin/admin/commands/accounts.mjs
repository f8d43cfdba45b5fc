import { budgetFlag, intFlag, switchFlag } from "../args.mjs";
import { UsageError } from "../errors.mjs";
import { details, minute, table } from "../format.mjs";
import { usageCommand } from "./usage.mjs";

const ACCOUNT_COLUMNS = [
  ["ACCOUNT_ID", (a) => a.account_id],
  ["NAME", (a) => a.name],
  ["GATEWAY KEYS", (a) => (a.allow_gateway_keys ? "allowed" : "no")],
  ["CREATED (UTC)", (a) => minute(a.created_at)],
];

const id = (args) => encodeURIComponent(args.account_id);

export const ACCOUNT_COMMANDS = [
  {
    name: "accounts list",
    summary: "List accounts, newest first",
    options: {
      limit: { type: "string", help: "accounts per page, 1..100 (default 50)" },
      all: { type: "boolean", help: "follow the cursor to the end" },
    },
    examples: ["accounts list --all"],
    async run({ client, values, command }) {
      const limit = intFlag(values.limit, "limit", command) ?? 50;
      const accounts = [];
      let cursor = null;
      do {
        const q = new URLSearchParams({ limit: String(limit) });
        if (cursor) q.set("cursor", cursor);
        const page = await client.call("GET", `/accounts?${q}`);
        accounts.push(...page.accounts);
        cursor = values.all ? page.next_cursor : null;
      } while (cursor);
      return { json: accounts, text: accounts.length ? table(accounts, ACCOUNT_COLUMNS) : "No accounts." };
    },
  },
  {
    name: "accounts get",
    summary: "Show one account",
    args: ["account_id"],
    examples: ["accounts get acc_1Jx9Qm3Vb7TnZp0LsR8Wc2"],
    async run({ client, args }) {
      const account = await client.call("GET", `/accounts/${id(args)}`);
      return { json: account, text: details(account) };
    },
  },
  {
    name: "accounts create",
    summary: "Create an account: the owner of keys and of provider keys",
    options: {
      name: { type: "string", help: "the account's name (required)" },
      "allow-gateway-keys": { type: "boolean", help: "let it fall back to the gateway's own provider keys" },
      budget: { type: "string", help: "spending bound over all its keys: period,tokens=N,usd=X, or none" },
    },
    examples: ["accounts create --name 'Acme plugins'", "accounts create --name internal --allow-gateway-keys"],
    async run({ client, values, command }) {
      if (!values.name) throw new UsageError("--name is required", command);
      const budget = budgetFlag(values.budget, command);
      const account = await client.call("POST", "/accounts", {
        name: values.name,
        allow_gateway_keys: Boolean(values["allow-gateway-keys"]),
        ...(budget !== undefined ? { budget } : {}),
      });
      return { json: account, text: details(account) };
    },
  },
  {
    name: "accounts patch",
    summary: "Rename an account or change its fallback to the gateway's provider keys",
    args: ["account_id"],
    options: {
      name: { type: "string", help: "a new name" },
      "gateway-keys": { type: "string", help: "fall back to the gateway's provider keys: on or off" },
      budget: { type: "string", help: "spending bound over all its keys: period,tokens=N,usd=X, or none" },
    },
    examples: ["accounts patch acc_1Jx9Qm3Vb7TnZp0LsR8Wc2 --name 'Acme GmbH' --gateway-keys off"],
    async run({ client, values, args, command }) {
      const gateway = switchFlag(values["gateway-keys"], "gateway-keys", command);
      const budget = budgetFlag(values.budget, command);
      const body = {
        ...(values.name ? { name: values.name } : {}),
        ...(gateway !== undefined ? { allow_gateway_keys: gateway } : {}),
        ...(budget !== undefined ? { budget } : {}),
      };
      if (Object.keys(body).length === 0) {
        throw new UsageError("nothing to change: give --name, --gateway-keys or --budget", command);
      }
      const account = await client.call("PATCH", `/accounts/${id(args)}`, body);
      return { json: account, text: details(account) };
    },
  },
  usageCommand("accounts usage", "account_id", "/accounts"),
];
