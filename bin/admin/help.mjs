import { COMMANDS, GLOBAL_OPTIONS } from "./commands/index.mjs";

const flagText = (name, spec) => `--${name}${spec.type === "string" ? " <value>" : ""}`;

function optionLines(options) {
  const entries = Object.entries(options);
  const width = Math.max(0, ...entries.map(([name, spec]) => flagText(name, spec).length));
  return entries.map(([name, spec]) => `  ${flagText(name, spec).padEnd(width)}  ${spec.help}`);
}

/** The overview: every command with its one-line summary, the global options and the exit codes. */
export function overview() {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return [
    "Usage: gateway-admin <command> [arguments] [options]     (npm run admin -- <command> …)",
    "",
    "Commands:",
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    "",
    "Options of every command:",
    ...optionLines(GLOBAL_OPTIONS),
    "",
    "`gateway-admin <command> --help` shows a command's options and examples.",
    "Exit codes: 0 success, 1 the gateway refused or could not be reached, 2 usage error.",
  ].join("\n");
}

/** One command's help: usage line, options and examples. */
export function commandHelp(command) {
  const args = (command.args ?? []).map((a) => `<${a}>`).join(" ");
  const own = command.options ?? {};
  return [
    `Usage: gateway-admin ${command.name}${args ? ` ${args}` : ""}${Object.keys(own).length ? " [options]" : ""}`,
    "",
    command.summary,
    ...(Object.keys(own).length ? ["", "Options:", ...optionLines(own)] : []),
    "",
    "Also: --url, --key, --json, --help (see gateway-admin --help).",
    "",
    "Examples:",
    ...command.examples.map((e) => `  gateway-admin ${e}`),
  ].join("\n");
}
