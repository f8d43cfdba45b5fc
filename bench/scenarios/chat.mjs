// POST /chat/completions through the gateway (warm key) or a bare Hono proxy Worker, both against
// the fake upstream; and the time to first byte of a stream through the gateway or from the
// upstream itself.
import { load, provision } from "../harness.mjs";

const MESSAGES = [{ role: "user", content: "Hello" }];
const JSON_HEADERS = { "content-type": "application/json" };

/** The vars that point the gateway's `openai` provider at the fake upstream. */
export function upstreamVars(upstreamUrl, providerKey) {
  return { OPENAI_BASE_URL: `${upstreamUrl}/openai/v1`, OPENAI_API_KEY: providerKey };
}

/** A key for chat scenarios, checked with one real request so KV and the object are warm. */
export async function warmChatKey(gateway) {
  const { secret_key } = await provision(gateway, { rate_limit_per_hour: 10_000_000 });
  const headers = { ...JSON_HEADERS, "x-api-key": secret_key };
  const body = JSON.stringify({ model: "openai/gpt-4o-mini", messages: MESSAGES });
  const res = await fetch(`${gateway.url}/api/v1/chat/completions`, { method: "POST", headers, body });
  if (res.status !== 200) throw new Error(`chat warm-up failed: ${res.status} ${await res.text()}`);
  await res.text();
  return headers;
}

/** Loads the gateway's chat route with a warm key. */
export async function gatewayChatLoad(gateway, headers, { connections, seconds }) {
  const body = JSON.stringify({ model: "openai/gpt-4o-mini", messages: MESSAGES });
  return load({ url: `${gateway.url}/api/v1/chat/completions`, method: "POST", headers, body, connections, seconds });
}

/** Loads the bare proxy (bench/bare-proxy) with the same request, minus the provider prefix. */
export async function bareChatLoad(bare, { connections, seconds }) {
  const body = JSON.stringify({ model: "gpt-4o-mini", messages: MESSAGES });
  return load({
    url: `${bare.url}/v1/chat/completions`,
    method: "POST",
    headers: JSON_HEADERS,
    body,
    connections,
    seconds,
  });
}

/** Median ms from sending a streamed chat request until its first body chunk, over `samples` sequential requests. */
async function medianTtfb(url, headers, body, samples = 30) {
  const times = [];
  for (let i = 0; i < samples; i++) {
    const t0 = performance.now();
    const res = await fetch(url, { method: "POST", headers, body });
    const reader = res.body.getReader();
    await reader.read();
    times.push(performance.now() - t0);
    await reader.cancel();
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

/** Stream TTFB through the gateway's chat route. */
export function gatewayStreamTtfb(gateway, headers) {
  const body = JSON.stringify({ model: "openai/gpt-4o-mini", messages: MESSAGES, stream: true });
  return medianTtfb(`${gateway.url}/api/v1/chat/completions`, headers, body);
}

/** Stream TTFB from the fake upstream directly: the floor the gateway's figure is compared to. */
export function upstreamStreamTtfb(upstreamUrl) {
  const body = JSON.stringify({ model: "gpt-4o-mini", messages: MESSAGES, stream: true });
  return medianTtfb(`${upstreamUrl}/openai/v1/chat/completions`, JSON_HEADERS, body);
}
