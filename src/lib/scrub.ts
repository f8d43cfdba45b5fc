import { KEY_PATTERN_GLOBAL } from "../keys/format";

// Keeping secrets out of text, in one place: `redact` for anything secret-shaped (logs, error
// messages), and a per-request `Scrubber` that also removes the known secrets and internal URLs.

/** Any of the shapes `redact` replaces, as one pattern (non-global, so `test` keeps no state). */
const SECRET_SHAPED = new RegExp(
  [
    KEY_PATTERN_GLOBAL.source,
    String.raw`\b(sk|pk|rk)-[A-Za-z0-9_-]{8,}`,
    String.raw`\bAIza[0-9A-Za-z_-]{20,}`,
    String.raw`bearer\s+[^\s"']`,
    String.raw`[?&](key|api_key|token)=[^&\s"']`,
  ].join("|"),
  "i",
);

/**
 * Removes anything shaped like a gateway key, bearer token or provider key from free text
 * before it reaches a log line or an error message. A last line of defence: code should not
 * put secrets into messages in the first place.
 */
export function redact(text: string): string {
  // One scan for the common case (an id, a route, a model name): nothing secret-shaped in it.
  if (!SECRET_SHAPED.test(text)) return text;
  return text
    .replace(KEY_PATTERN_GLOBAL, "[redacted-key]")
    .replace(/\b(sk|pk|rk)-[A-Za-z0-9_-]{8,}/g, "[redacted-key]")
    .replace(/\bAIza[0-9A-Za-z_-]{20,}/g, "[redacted-key]")
    .replace(/(bearer\s+)[^\s"']+/gi, "$1[redacted]")
    .replace(/([?&](key|api_key|token)=)[^&\s"']+/gi, "$1[redacted]");
}

/** Removes known secrets and internal addresses from text a provider sent. */
export type Scrubber = (text: string) => string;

/** Shorter strings are not scrubbed: too likely to occur by chance (and no real key is this short). */
const MIN_SECRET_LENGTH = 8;

/**
 * A pattern for `value` as it may appear in text: plain, or with any character written as a
 * JSON `\uXXXX` escape (either hex case), and `/` also as `\/`, which is how a provider that
 * echoes a header inside a JSON string may spell it.
 */
function spellings(value: string): string {
  let out = "";
  for (const char of value) {
    const code = char.codePointAt(0) ?? 0;
    const literal = char.replace(/[.*+?^${}()|[\]\\/-]/g, "\\$&");
    if (code > 0xffff) {
      out += literal;
      continue;
    }
    const hex = code
      .toString(16)
      .padStart(4, "0")
      .replace(/[a-f]/g, (d) => `[${d}${d.toUpperCase()}]`);
    out += char === "/" ? `(?:${literal}|\\\\\\/|\\\\u${hex})` : `(?:${literal}|\\\\u${hex})`;
  }
  return out;
}

/** Every spelling of a base URL worth hiding: itself, its origin, and its host[:port]. */
function urlForms(baseUrl: string): string[] {
  try {
    const url = new URL(baseUrl);
    return [baseUrl.replace(/\/+$/, ""), url.origin, url.host];
  } catch {
    return [baseUrl];
  }
}

/** Longest first, so a base URL is replaced whole before its origin or host could be. */
function alternation(values: Iterable<string>): RegExp | null {
  const unique = [...new Set(values)].filter((v) => v.length >= MIN_SECRET_LENGTH).sort((a, b) => b.length - a.length);
  return unique.length > 0 ? new RegExp(unique.map(spellings).join("|"), "g") : null;
}

/**
 * A scrubber for one request: the given secrets (provider key, the caller's key) become
 * `[redacted]` and the internal base URLs `[provider]`, in plain and JSON-escaped spellings;
 * then anything secret-shaped is redacted too (`redact`).
 */
export function makeScrubber(options: {
  secrets: ReadonlyArray<string | null | undefined>;
  internalUrls?: ReadonlyArray<string>;
}): Scrubber {
  const secrets = alternation(options.secrets.filter((s): s is string => typeof s === "string"));
  const urls = alternation((options.internalUrls ?? []).flatMap(urlForms));
  return (text) => {
    let out = text;
    if (secrets) out = out.replace(secrets, "[redacted]");
    if (urls) out = out.replace(urls, "[provider]");
    return redact(out);
  };
}

/** Removes the given secrets (plain and JSON-escaped) from text, then anything secret-shaped. */
export function scrub(text: string, secrets: ReadonlyArray<string | null | undefined>): string {
  return makeScrubber({ secrets })(text);
}
