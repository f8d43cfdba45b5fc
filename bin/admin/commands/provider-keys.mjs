import { readSecret } from "../args.mjs";
import { minute, table } from "../format.mjs";

const path = (args) =>
  `/accounts/${encodeURIComponent(args.account_id)}/provider-keys${args.provider ? `/${encodeURIComponent(args.provider)}` : ""}`;

export const PROVIDER_KEY_COMMANDS = [
  {
    name: "provider-keys list",
    summary: "List an account's provider keys (only their last four characters)",
    args: ["account_id"],
    examples: ["provider-keys list acc_1Jx9Qm3Vb7TnZp0LsR8Wc2"],
    async run({ client, args }) {
      const { provider_keys: keys } = await client.call("GET", path(args));
      const text = keys.length
        ? table(keys, [
            ["PROVIDER", (k) => k.provider],
            ["KEY", (k) => `…${k.last4}`],
            ["UPDATED (UTC)", (k) => minute(k.updated_at)],
          ])
        : "No provider keys: this account's requests use the gateway's keys only if allowed.";
      return { json: keys, text };
    },
  },
  {
    name: "provider-keys put",
    summary: "Store (or replace) an account's key for a provider; read from stdin or a hidden prompt",
    args: ["account_id", "provider"],
    examples: [
      "provider-keys put acc_1Jx9Qm3Vb7TnZp0LsR8Wc2 openai < openai-key.txt",
      "provider-keys put acc_1Jx9Qm3Vb7TnZp0LsR8Wc2 anthropic     (prompts, input hidden)",
    ],
    async run({ client, args, command }) {
      const secret = await readSecret(`the ${args.provider} API key`, command);
      await client.call("PUT", path(args), { api_key: secret });
      const text = `Stored the ${args.provider} key of ${args.account_id} (encrypted; it is never shown again).`;
      return { json: { account_id: args.account_id, provider: args.provider, stored: true }, text };
    },
  },
  {
    name: "provider-keys delete",
    summary: "Delete an account's key for a provider",
    args: ["account_id", "provider"],
    examples: ["provider-keys delete acc_1Jx9Qm3Vb7TnZp0LsR8Wc2 openai"],
    async run({ client, args }) {
      await client.call("DELETE", path(args));
      const text = `Deleted the ${args.provider} key of ${args.account_id}.`;
      return { json: { account_id: args.account_id, provider: args.provider, deleted: true }, text };
    },
  },
];
