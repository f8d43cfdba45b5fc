import { createInterface } from "node:readline";
import { UsageError } from "./errors.mjs";

/** "12" → 12; one of `nullWords` → null (the field's documented null meaning); else a usage error naming the flag. */
export function intFlag(value, flag, command, nullWords = []) {
  if (value === undefined) return undefined;
  if (nullWords.includes(value)) return null;
  if (!/^\d+$/.test(value)) {
    const or = nullWords.length ? ` or ${nullWords[0]}` : "";
    throw new UsageError(`--${flag} must be a whole number${or}, not "${value}"`, command);
  }
  return Number(value);
}

/** An ISO-8601 time flag, checked locally so a typo is a usage error, not a round trip. */
export function timeFlag(value, flag, command) {
  if (value === undefined) return undefined;
  if (Number.isNaN(Date.parse(value)) || !/^\d{4}-\d{2}-\d{2}T/.test(value)) {
    throw new UsageError(`--${flag} must be an ISO-8601 time like 2027-01-01T00:00:00Z, not "${value}"`, command);
  }
  return new Date(value).toISOString();
}

/** `on`/`off` (also true/false, yes/no). */
export function switchFlag(value, flag, command) {
  if (value === undefined) return undefined;
  if (["on", "true", "yes"].includes(value)) return true;
  if (["off", "false", "no"].includes(value)) return false;
  throw new UsageError(`--${flag} must be on or off, not "${value}"`, command);
}

const PERIODS = ["day", "week", "month", "total"];

/** `--budget month,tokens=2000000,usd=5` → {period, tokens, usd}; `none` → null (no budget). */
export function budgetFlag(value, command) {
  if (value === undefined) return undefined;
  if (value === "none") return null;
  const [period, ...limits] = value.split(",");
  const wrong = (why) => new UsageError(`--budget ${why}; write it like month,tokens=2000000,usd=5 (or none)`, command);
  if (!PERIODS.includes(period)) throw wrong(`must start with a period (${PERIODS.join(", ")})`);
  const budget = { period };
  for (const limit of limits) {
    const [unit, amount] = limit.split("=");
    if (!["tokens", "usd"].includes(unit) || !/^\d+(\.\d+)?$/.test(amount ?? "")) throw wrong(`has "${limit}"`);
    budget[unit] = Number(amount);
  }
  if (budget.tokens === undefined && budget.usd === undefined) throw wrong("needs tokens=N, usd=X or both");
  return budget;
}

async function readAll(stream) {
  const chunks = [];
  for await (const chunk of stream) chunks.push(chunk);
  return Buffer.concat(chunks).toString("utf8");
}

/** Reads a line from the terminal without echoing it. */
function promptHidden(question) {
  return new Promise((resolve) => {
    const rl = createInterface({ input: process.stdin, output: process.stderr, terminal: true });
    process.stderr.write(question);
    // Echo nothing while the secret is typed; readline still handles editing keys.
    rl._writeToOutput = () => {};
    rl.question("", (answer) => {
      rl.close();
      process.stderr.write("\n");
      resolve(answer);
    });
  });
}

/**
 * A secret, never from argv (where `ps` and shell history see it): piped stdin, or a prompt
 * without echo when stdin is a terminal. Empty → usage error.
 */
export async function readSecret(what, command) {
  const text = process.stdin.isTTY ? await promptHidden(`${what} (input hidden): `) : await readAll(process.stdin);
  const secret = text.trim();
  if (!secret)
    throw new UsageError(`${what}: nothing on stdin; pipe it in (… < file) or type it at the prompt`, command);
  return secret;
}
