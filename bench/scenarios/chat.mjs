// The one request every target serves: an OpenAI chat completion (JSON, or SSE with
// `stream: true`) answered by the same fake upstream on loopback. A target is where to send it
// and which headers make that server accept it; `pid` is the workerd process that serves it.
import { load, provision } from "../harness.mjs";

const MESSAGES = [{ role: "user", content: "Hello" }];
const JSON_HEADERS = { "content-type": "application/json" };
const bodyOf = (model, stream) => JSON.stringify({ model, messages: MESSAGES, ...(stream ? { stream: true } : {}) });

/** The vars that point the gateway's `openai` provider at the fake upstream. */
export function upstreamVars(upstreamUrl, providerKey) {
  return { OPENAI_BASE_URL: `${upstreamUrl}/openai/v1`, OPENAI_API_KEY: providerKey };
}

/** The fake upstream itself: the floor for time to first byte. */
export function upstreamTarget(upstreamUrl) {
  return {
    url: `${upstreamUrl}/openai/v1/chat/completions`,
    headers: JSON_HEADERS,
    body: (stream) => bodyOf("gpt-4o-mini", stream),
    pid: null,
  };
}

/** The bare Hono proxy (bench/bare-proxy): no auth, no policy, its own provider key. */
export function bareTarget(server) {
  return {
    url: `${server.url}/v1/chat/completions`,
    headers: JSON_HEADERS,
    body: (stream) => bodyOf("gpt-4o-mini", stream),
    pid: server.pid,
  };
}

/**
 * Portkey's gateway (bench/portkey): its documented header-only mode, no config and no auth of
 * its own — the caller names the provider, sends the provider key, and `x-portkey-custom-host`
 * points it at the fake upstream (127.0.0.1 is in its default trusted custom hosts).
 */
export function portkeyTarget(server, upstreamUrl, providerKey) {
  return {
    url: `${server.url}/v1/chat/completions`,
    headers: {
      ...JSON_HEADERS,
      authorization: `Bearer ${providerKey}`,
      "x-portkey-provider": "openai",
      "x-portkey-custom-host": `${upstreamUrl}/openai/v1`,
    },
    body: (stream) => bodyOf("gpt-4o-mini", stream),
    pid: server.pid,
  };
}

/** Sends one request and fails loudly unless it is a 200, so every target is known to work before it is loaded. */
async function checkOnce(target, stream) {
  const res = await fetch(target.url, { method: "POST", headers: target.headers, body: target.body(stream) });
  const text = await res.text();
  if (res.status !== 200) throw new Error(`warm-up of ${target.url} failed: ${res.status} ${text.slice(0, 300)}`);
}

/**
 * The gateway's full policy path with one freshly provisioned key (key auth, origin policy, the
 * module's Durable Object, model policy, provider key resolution), warmed with one JSON and one
 * streamed request so KV, the object and the isolate are warm. `body` adds provisioning fields
 * (an `account_id` makes it a BYOK key).
 */
export async function gatewayTarget(gateway, provisionBody = {}) {
  const { secret_key } = await provision(gateway, { rate_limit_per_hour: 10_000_000, ...provisionBody });
  const target = {
    url: `${gateway.url}/api/v1/chat/completions`,
    headers: { ...JSON_HEADERS, "x-api-key": secret_key },
    body: (stream) => bodyOf("openai/gpt-4o-mini", stream),
    pid: gateway.pid,
  };
  await checkOnce(target, false);
  await checkOnce(target, true);
  return target;
}

/** Checks a target once per shape, then returns it. */
export async function checkedTarget(target) {
  await checkOnce(target, false);
  await checkOnce(target, true);
  return target;
}

/** Loads one target with one shape (JSON or SSE). */
export function chatLoad(target, { stream, connections, seconds }) {
  return load({
    url: target.url,
    method: "POST",
    headers: target.headers,
    body: target.body(stream),
    connections,
    seconds,
    pid: target.pid,
  });
}

/** Median ms from sending a streamed request until its first body chunk, over `samples` sequential requests. */
export async function streamTtfb(target, samples = 30) {
  const times = [];
  for (let i = 0; i < samples; i++) {
    const t0 = performance.now();
    const res = await fetch(target.url, { method: "POST", headers: target.headers, body: target.body(true) });
    const reader = res.body.getReader();
    await reader.read();
    times.push(performance.now() - t0);
    await reader.cancel();
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

async function admin(gateway, method, path, body) {
  const res = await fetch(`${gateway.url}/api/v1${path}`, {
    method,
    headers: { "x-api-key": gateway.adminKey, "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path} failed: ${res.status} ${text.slice(0, 300)}`);
  return text ? JSON.parse(text) : null;
}

/** The full path for a module of an account with its own (BYOK) OpenAI key, stored encrypted in D1. */
export async function byokTarget(gateway, providerKey) {
  const { account_id } = await admin(gateway, "POST", "/accounts", { name: "bench-account" });
  await admin(gateway, "PUT", `/accounts/${account_id}/provider-keys/openai`, { api_key: providerKey });
  return gatewayTarget(gateway, { account_id });
}
