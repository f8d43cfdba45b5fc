export type CanonicalPath = { ok: true; path: string } | { ok: false; message: string };

/** Only these characters may appear in a decoded segment: every allowlisted path fits in them. */
const SEGMENT = /^[A-Za-z0-9._~:@,=+-]+$/;
const ENCODED_SEPARATOR = /%(?:2f|5c)/i;

/**
 * The canonical form of a passthrough path (the part below `/providers/{provider}/`): each
 * segment percent-decoded exactly once. Refused: an encoded `/` or `\`, an empty segment
 * (duplicate or trailing slash), a `.` or `..` segment, malformed percent-encoding, and any
 * character outside a plain segment (a `%` left after one decoding means double encoding).
 * The policy matches this form, case-sensitively, and it is what is forwarded, so the rule
 * that was checked is the rule the provider executes.
 */
export function canonicalPath(raw: string): CanonicalPath {
  if (raw === "") return { ok: false, message: "path: name an endpoint below the provider, e.g. chat/completions." };
  if (raw.length > 1024) return { ok: false, message: "path: longer than 1024 characters." };
  const segments: string[] = [];
  for (const segment of raw.split("/")) {
    if (ENCODED_SEPARATOR.test(segment)) {
      return { ok: false, message: "path: an encoded slash or backslash (%2F, %5C) is not accepted." };
    }
    let decoded: string;
    try {
      decoded = decodeURIComponent(segment);
    } catch {
      return { ok: false, message: "path: malformed percent-encoding." };
    }
    if (decoded === "") return { ok: false, message: "path: empty segments (// or a trailing /) are not accepted." };
    if (decoded === "." || decoded === "..") return { ok: false, message: "path: . and .. segments are not accepted." };
    if (!SEGMENT.test(decoded)) {
      return {
        ok: false,
        message: "path: a segment has characters no endpoint uses (letters, digits, . _ ~ : @ , = + -).",
      };
    }
    segments.push(decoded);
  }
  return { ok: true, path: segments.join("/") };
}
