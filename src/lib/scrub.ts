import { redact } from "./redact";

/**
 * Removes the given secrets verbatim from text, then anything secret-shaped. For provider error
 * messages, which may echo the provider key or the caller's key back.
 */
export function scrub(text: string, secrets: ReadonlyArray<string | null | undefined>): string {
  let out = text;
  for (const secret of secrets) {
    if (secret && secret.length >= 4) out = out.split(secret).join("[redacted]");
  }
  return redact(out);
}
