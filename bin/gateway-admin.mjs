#!/usr/bin/env node
// Admin CLI for the Edge AI Gateway: `npm run admin -- <command> [options]`.
// Talks to the admin API over HTTP; prints tables (or JSON with --json).
import { existsSync, readFileSync } from "node:fs";
import { parseArgs } from "node:util";

const HELP = `Usage: gateway-admin <command> [options]

Commands:
  provision --name <name> [--days N] [--rate N] [--visitor-rate N] [--max-tokens N]
            [--origin <origin>]... [--model <provider/model>]... [--account <id>]
  list [--limit N] [--all]
  get <module_id>
  patch <module_id> [--name <name>] [--rate N|default] [--visitor-rate N|none] [--max-tokens N|default]
            [--origin <origin>]... [--model <provider/model>]... [--expires-at <ISO time>]
  revoke <module_id>
  rotate <module_id> [--grace <seconds>]
  delete <module_id>
  account-create --name <name> [--allow-gateway-keys]
  account-get <account_id>

Options:
  --url <url>     gateway URL (env GATEWAY_URL, default http://localhost:8787)
  --key <key>     admin key (env GATEWAY_ADMIN_KEY, else ADMIN_API_KEY from ./.dev.vars)
  --json          print the raw JSON answer
  -h, --help      this text`;

const OPTIONS = {
  url: { type: "string" },
  key: { type: "string" },
  json: { type: "boolean", default: false },
  help: { type: "boolean", short: "h", default: false },
  name: { type: "string" },
  days: { type: "string" },
  rate: { type: "string" },
  "visitor-rate": { type: "string" },
  "max-tokens": { type: "string" },
  origin: { type: "string", multiple: true },
  model: { type: "string", multiple: true },
  account: { type: "string" },
  limit: { type: "string" },
  all: { type: "boolean", default: false },
  grace: { type: "string" },
  "expires-at": { type: "string" },
  "allow-gateway-keys": { type: "boolean", default: false },
};

class CliError extends Error {}

function adminKeyFromDevVars() {
  if (!existsSync(".dev.vars")) return undefined;
  const line = readFileSync(".dev.vars", "utf8")
    .split("\n")
    .find((l) => l.startsWith("ADMIN_API_KEY="));
  return line?.slice("ADMIN_API_KEY=".length).trim() || undefined;
}

/** "12" → 12; "default"/"none" → null (the field's documented null meaning); else an error naming the flag. */
function intOrNull(value, flag, nullWords = ["default", "none", "null"]) {
  if (value === undefined) return undefined;
  if (nullWords.includes(value)) return null;
  if (!/^-?\d+$/.test(value)) throw new CliError(`--${flag} must be a whole number (or ${nullWords[0]})`);
  return Number(value);
}

function table(rows, columns) {
  const widths = columns.map(([title, pick]) =>
    Math.max(title.length, ...rows.map((r) => String(pick(r) ?? "-").length)),
  );
  const line = (cells) =>
    cells
      .map((c, i) => String(c ?? "-").padEnd(widths[i]))
      .join("  ")
      .trimEnd();
  return [
    line(columns.map(([t]) => t)),
    line(widths.map((w) => "-".repeat(w))),
    ...rows.map((r) => line(columns.map(([, pick]) => pick(r)))),
  ].join("\n");
}

const day = (iso) => (iso ? iso.replace("T", " ").slice(0, 16) : "-");
const MODULE_COLUMNS = [
  ["MODULE_ID", (m) => m.module_id],
  ["NAME", (m) => (m.name.length > 28 ? `${m.name.slice(0, 27)}…` : m.name)],
  ["STATUS", (m) => m.status],
  ["KEY", (m) => `…${m.key_last4}`],
  ["EXPIRES (UTC)", (m) => day(m.expires_at)],
  ["RATE/H", (m) => m.rate_limit_per_hour ?? "default"],
  ["LAST USED (UTC)", (m) => day(m.last_used_at)],
];

function details(object) {
  const rows = Object.entries(object).flatMap(([k, v]) =>
    v !== null && typeof v === "object" && !Array.isArray(v)
      ? Object.entries(v).map(([k2, v2]) => [`${k}.${k2}`, v2])
      : [[k, Array.isArray(v) ? v.join(", ") || "(any)" : v]],
  );
  return table(rows, [
    ["FIELD", (r) => r[0]],
    ["VALUE", (r) => r[1]],
  ]);
}

async function main(argv) {
  const { values, positionals } = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
  const [command, id] = positionals;
  if (values.help || !command) return { text: HELP };
  const url = (values.url ?? process.env.GATEWAY_URL ?? "http://localhost:8787").replace(/\/+$/, "");
  const key = values.key ?? process.env.GATEWAY_ADMIN_KEY ?? adminKeyFromDevVars();
  if (!key) throw new CliError("no admin key: pass --key, set GATEWAY_ADMIN_KEY, or run from a folder with .dev.vars");

  const call = async (method, path, body) => {
    let res;
    try {
      res = await fetch(`${url}/api/v1${path}`, {
        method,
        headers: { "X-API-Key": key, ...(body ? { "Content-Type": "application/json" } : {}) },
        body: body ? JSON.stringify(body) : undefined,
      });
    } catch (err) {
      throw new CliError(`cannot reach ${url}: ${err.cause?.code ?? err.message}`);
    }
    if (res.status === 204) return null;
    const json = await res.json().catch(() => null);
    if (!res.ok)
      throw new CliError(`${res.status} ${json?.error?.code ?? ""}: ${json?.error?.message ?? res.statusText}`);
    return json;
  };
  const needId = (what) => {
    if (!id) throw new CliError(`${command} needs a ${what} id`);
    return encodeURIComponent(id);
  };
  const policy = () => ({
    ...(values.origin ? { allowed_origins: values.origin } : {}),
    ...(values.model ? { allowed_models: values.model } : {}),
  });

  switch (command) {
    case "provision": {
      if (!values.name) throw new CliError("provision needs --name");
      const body = {
        name: values.name,
        ...(values.days ? { expires_in_days: intOrNull(values.days, "days", []) } : {}),
        ...(values.rate ? { rate_limit_per_hour: intOrNull(values.rate, "rate") } : {}),
        ...(values["visitor-rate"]
          ? { rate_limit_per_visitor_per_hour: intOrNull(values["visitor-rate"], "visitor-rate") }
          : {}),
        ...(values["max-tokens"] ? { max_output_tokens: intOrNull(values["max-tokens"], "max-tokens") } : {}),
        ...(values.account ? { account_id: values.account } : {}),
        ...policy(),
      };
      const made = await call("POST", "/modules/provision", body);
      return {
        json: made,
        text: `${details(made)}\n\nThe secret_key above is shown once. Store it in the plugin page now.`,
      };
    }
    case "list": {
      const limit = values.limit ?? "50";
      const modules = [];
      let cursor = null;
      do {
        const page = await call(
          "GET",
          `/modules?limit=${encodeURIComponent(limit)}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`,
        );
        modules.push(...page.modules);
        cursor = values.all ? page.next_cursor : null;
        if (values.all && cursor) process.stderr.write(`fetched ${modules.length} modules…\r`);
      } while (cursor);
      return { json: modules, text: modules.length ? table(modules, MODULE_COLUMNS) : "No modules." };
    }
    case "get": {
      const module = await call("GET", `/modules/${needId("module")}`);
      return { json: module, text: details(module) };
    }
    case "patch": {
      const body = {
        ...(values.name ? { name: values.name } : {}),
        ...(values.rate !== undefined ? { rate_limit_per_hour: intOrNull(values.rate, "rate") } : {}),
        ...(values["visitor-rate"] !== undefined
          ? { rate_limit_per_visitor_per_hour: intOrNull(values["visitor-rate"], "visitor-rate", ["none", "null"]) }
          : {}),
        ...(values["max-tokens"] !== undefined
          ? { max_output_tokens: intOrNull(values["max-tokens"], "max-tokens") }
          : {}),
        ...(values["expires-at"] ? { expires_at: values["expires-at"] } : {}),
        ...policy(),
      };
      const module = await call("PATCH", `/modules/${needId("module")}`, body);
      return { json: module, text: details(module) };
    }
    case "revoke": {
      const module = await call("POST", `/modules/${needId("module")}/revoke`);
      return {
        json: module,
        text: `Revoked ${module.module_id} (${module.name}); its keys stop working on the next request.`,
      };
    }
    case "rotate": {
      const grace = values.grace ? { grace_seconds: intOrNull(values.grace, "grace", []) } : {};
      const rotated = await call("POST", `/modules/${needId("module")}/rotate`, grace);
      return {
        json: rotated,
        text: `${details(rotated)}\n\nThe new secret_key is shown once. The old key works until previous_key_expires_at.`,
      };
    }
    case "delete": {
      await call("DELETE", `/modules/${needId("module")}`);
      return { json: { deleted: id }, text: `Deleted ${id}.` };
    }
    case "account-create": {
      if (!values.name) throw new CliError("account-create needs --name");
      const account = await call("POST", "/accounts", {
        name: values.name,
        allow_gateway_keys: values["allow-gateway-keys"],
      });
      return { json: account, text: details(account) };
    }
    case "account-get": {
      const account = await call("GET", `/accounts/${needId("account")}`);
      return { json: account, text: details(account) };
    }
    default:
      throw new CliError(`unknown command "${command}"; see --help`);
  }
}

try {
  const argv = process.argv.slice(2);
  const out = await main(argv);
  process.stdout.write(
    `${argv.includes("--json") && out.json !== undefined ? JSON.stringify(out.json, null, 2) : out.text}\n`,
  );
} catch (err) {
  if (
    err instanceof CliError ||
    err?.code === "ERR_PARSE_ARGS_UNKNOWN_OPTION" ||
    err?.code === "ERR_PARSE_ARGS_INVALID_OPTION_VALUE"
  ) {
    process.stderr.write(`error: ${err.message}\n`);
    process.exit(1);
  }
  throw err;
}
