import { ACCOUNT_COMMANDS } from "./accounts.mjs";
import { MODULE_COMMANDS } from "./modules.mjs";
import { PROVIDER_KEY_COMMANDS } from "./provider-keys.mjs";
import { usageCommand } from "./usage.mjs";

/** Every command, in the order `--help` lists them. */
export const COMMANDS = [
  ...MODULE_COMMANDS,
  usageCommand("usage", "module_id", "/modules"),
  ...ACCOUNT_COMMANDS,
  ...PROVIDER_KEY_COMMANDS,
];

/** Options every command takes. */
export const GLOBAL_OPTIONS = {
  url: { type: "string", help: "the gateway (env GATEWAY_URL; default http://localhost:8787)" },
  key: { type: "string", help: "the admin key (env GATEWAY_ADMIN_KEY; else ADMIN_API_KEY from ./.dev.vars)" },
  json: { type: "boolean", help: "print the gateway's JSON answer instead of a table" },
  help: { type: "boolean", short: "h", help: "this command's options and examples" },
};
