import { KEY_PATTERN_GLOBAL } from "../keys/format";

/**
 * Removes anything shaped like a gateway key, bearer token or provider key from free text
 * before it reaches a log line or an error message. A last line of defence: code should not
 * put secrets into messages in the first place.
 */
export function redact(text: string): string {
  return text
    .replace(KEY_PATTERN_GLOBAL, "[redacted-key]")
    .replace(/\b(sk|pk|rk)-[A-Za-z0-9_-]{8,}/g, "[redacted-key]")
    .replace(/\bAIza[0-9A-Za-z_-]{20,}/g, "[redacted-key]")
    .replace(/(bearer\s+)[^\s"']+/gi, "$1[redacted]")
    .replace(/([?&](key|api_key|token)=)[^&\s"']+/gi, "$1[redacted]");
}
