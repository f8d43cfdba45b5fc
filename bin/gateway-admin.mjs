#!/usr/bin/env node
// Admin CLI for the Edge AI Gateway: `npm run admin -- <command> [options]`. Talks to the admin
// API over HTTP and prints tables (or the JSON answer with --json). Commands live in bin/admin/.
// Exit codes: 0 success, 1 the gateway refused or could not be reached, 2 usage error.
import { parseArgs } from "node:util";
import { adminClient } from "./admin/client.mjs";
import { COMMANDS, GLOBAL_OPTIONS } from "./admin/commands/index.mjs";
import { CliError, UsageError } from "./admin/errors.mjs";
import { commandHelp, overview } from "./admin/help.mjs";

/** The command named by the first one or two words, and the words after it. */
function findCommand(words) {
  const two = COMMANDS.find((c) => c.name === words.slice(0, 2).join(" "));
  if (two) return { command: two, rest: words.slice(2) };
  const one = COMMANDS.find((c) => c.name === words[0]);
  return one ? { command: one, rest: words.slice(1) } : { command: null, rest: words };
}

/** Strips the `help` texts: parseArgs takes only type/short/multiple. */
const parseSpec = (options) =>
  Object.fromEntries(Object.entries(options).map(([name, { help: _help, ...spec }]) => [name, spec]));

/** Every option of every command, to find the command words before the command is known. */
const ALL_OPTIONS = parseSpec(Object.assign({}, GLOBAL_OPTIONS, ...COMMANDS.map((c) => c.options ?? {})));

async function main(argv) {
  const words = parseArgs({ args: argv, options: ALL_OPTIONS, allowPositionals: true, strict: false }).positionals;
  const { command } = findCommand(words);
  if (!command) {
    if (words.length === 0) {
      if (argv.includes("--help") || argv.includes("-h")) return { text: overview() };
      throw new UsageError("no command given");
    }
    const group = COMMANDS.filter((c) => c.name.startsWith(`${words[0]} `));
    if (group.length) {
      throw new UsageError(`"${words[0]}" needs one of: ${group.map((c) => c.name.split(" ")[1]).join(", ")}`);
    }
    throw new UsageError(`unknown command "${words[0]}"`);
  }
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      options: parseSpec({ ...GLOBAL_OPTIONS, ...(command.options ?? {}) }),
      allowPositionals: true,
      strict: true,
    });
  } catch (err) {
    throw new UsageError(err.message.replace(/\. To specify a positional argument.*$/s, ""), command);
  }
  const { values, positionals } = parsed;
  if (values.help) return { text: commandHelp(command) };
  const given = positionals.slice(command.name.split(" ").length);
  const names = command.args ?? [];
  if (given.length < names.length) throw new UsageError(`missing <${names[given.length]}>`, command);
  if (given.length > names.length) throw new UsageError(`unexpected argument "${given[names.length]}"`, command);
  const args = Object.fromEntries(names.map((name, i) => [name, given[i]]));
  return command.run({ client: adminClient(values), values, args, command });
}

const argv = process.argv.slice(2);
try {
  const out = await main(argv);
  const json = argv.includes("--json") && out.json !== undefined;
  process.stdout.write(`${json ? JSON.stringify(out.json, null, 2) : out.text}\n`);
} catch (err) {
  if (err instanceof UsageError) {
    process.stderr.write(`error: ${err.message}\n\n${err.command ? commandHelp(err.command) : overview()}\n`);
    process.exit(2);
  }
  if (err instanceof CliError) {
    process.stderr.write(`error: ${err.message}\n`);
    process.exit(1);
  }
  throw err;
}
