/**
 * Builds the upstream URL of a native passthrough call: the provider's configured base URL plus
 * the caller's path, which may only add segments below it. Returns null for anything that could
 * leave the base (`..`, empty or encoded separators, backslashes, a different origin): SSRF.
 */
export function passthroughUrl(baseUrl: string, rawPath: string, search: string): URL | null {
  if (rawPath === "" || rawPath.length > 2048) return null;
  const segments = rawPath.split("/");
  for (const segment of segments) {
    if (segment === "" || segment === "." || segment === "..") return null;
    if (!/^[A-Za-z0-9._~:,=+-]+$/.test(segment.replace(/%[0-9A-Fa-f]{2}/g, "x"))) return null;
    if (/%(2e|2f|5c|00|40|3a)/i.test(segment)) return null;
  }
  let base: URL;
  let target: URL;
  try {
    base = new URL(`${baseUrl}/`);
    target = new URL(`${baseUrl}/${rawPath}${search}`);
  } catch {
    return null;
  }
  if (target.origin !== base.origin || !target.pathname.startsWith(base.pathname)) return null;
  if (target.username || target.password || target.hash) return null;
  return target;
}
