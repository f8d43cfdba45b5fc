/**
 * An allowed origin is exact (`https://app.example.com`, `http://localhost:8080`) or a
 * one-level wildcard (`https://*.example.com`, matching `https://a.example.com` but neither
 * `https://example.com` nor `https://a.b.example.com`). No paths, no trailing slash.
 */
const LABEL = "[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?";
const PORT = "(?::\\d{1,5})?";
const EXACT = new RegExp(`^https?://(?:${LABEL}(?:\\.${LABEL})*|\\[[0-9a-f:.]+\\])${PORT}$`);
// The wildcard's suffix needs two labels at least, so `https://*.com` is refused.
const WILDCARD = new RegExp(`^https?://\\*(?:\\.${LABEL}){2,}${PORT}$`);
const SINGLE_LABEL = new RegExp(`^${LABEL}$`);

/** True when the text is an allowed-origin pattern this gateway understands. */
export function isValidOriginPattern(text: string): boolean {
  return EXACT.test(text) || WILDCARD.test(text);
}

/** True when a browser's `Origin` header value matches one pattern. */
export function originMatches(origin: string, pattern: string): boolean {
  const o = origin.toLowerCase();
  if (!pattern.includes("*")) return o === pattern;
  const [scheme, rest] = pattern.split("://*.") as [string, string];
  const prefix = `${scheme}://`;
  if (!o.startsWith(prefix) || !o.endsWith(`.${rest}`)) return false;
  const label = o.slice(prefix.length, o.length - rest.length - 1);
  return SINGLE_LABEL.test(label);
}

/** True when the key allows this origin: an empty list allows any. */
export function originAllowed(origin: string, patterns: readonly string[]): boolean {
  return patterns.length === 0 || patterns.some((p) => originMatches(origin, p));
}
