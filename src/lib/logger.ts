import { redact } from "./scrub";

type Level = "debug" | "info" | "warn" | "error";
type Fields = Record<string, string | number | boolean | null | undefined>;

/** Structured JSON log lines. Fields hold ids, never keys; every string is redacted anyway. */
export type Logger = { [L in Level]: (event: string, fields?: Fields) => void };

/** A logger that stamps every line with the request id. */
export function createLogger(base: Fields = {}): Logger {
  const write = (level: Level, event: string, fields: Fields = {}) => {
    const line: Fields = { level, event, ...base, ...fields };
    for (const [k, v] of Object.entries(line)) if (typeof v === "string") line[k] = redact(v);
    const text = JSON.stringify(line);
    if (level === "error") console.error(text);
    else if (level === "warn") console.warn(text);
    else console.log(text);
  };
  return {
    debug: (e, f) => write("debug", e, f),
    info: (e, f) => write("info", e, f),
    warn: (e, f) => write("warn", e, f),
    error: (e, f) => write("error", e, f),
  };
}
