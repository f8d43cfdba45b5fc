// GET /api/v1/models under load with one freshly provisioned key: every request is one KV read
// and (limiter on) one call into that key's Durable Object. No upstream is involved.
import { load, provision } from "../harness.mjs";

/** Loads GET /models with one key over `connections` connections; returns `load()`'s figures. */
export async function modelsLoad(gateway, { connections, seconds }) {
  const { secret_key } = await provision(gateway, { rate_limit_per_hour: 10_000_000 });
  return load({ url: `${gateway.url}/api/v1/models`, headers: { "x-api-key": secret_key }, connections, seconds });
}
