/**
 * Fields that would let a caller pick where or how the gateway connects (SSRF), as LiteLLM,
 * Portkey and OpenAI's own SDKs spell them. They are refused at the top level of a body and
 * inside the `extra_body`-style escapes that some clients send literally; anywhere else
 * (`metadata.host`, a tool's arguments, user data) they are ordinary data and pass.
 */
const TRANSPORT_FIELDS = new Set([
  "api_base",
  "base_url",
  "baseurl",
  "base_path",
  "custom_host",
  "host",
  "api_key",
  "api_version",
  "provider_url",
  "endpoint",
  "extra_headers",
  "extra_query",
]);

/** Containers a client library flattens into the body; a transport field inside them is as bad as at the top. */
const ESCAPES = ["extra_body", "extrabody", "provider_options", "litellm_params"];

/** The path of the first transport field of a request body, or null when it has none. */
export function findTransportField(body: Record<string, unknown>): string[] | null {
  for (const [key, value] of Object.entries(body)) {
    const name = key.toLowerCase();
    if (TRANSPORT_FIELDS.has(name)) return [key];
    if (ESCAPES.includes(name) && typeof value === "object" && value !== null && !Array.isArray(value)) {
      const inner = findTransportField(value as Record<string, unknown>);
      if (inner) return [key, ...inner];
    }
  }
  return null;
}

export const TRANSPORT_FIELD_MESSAGE = "is not accepted: the gateway alone chooses where provider requests go";
