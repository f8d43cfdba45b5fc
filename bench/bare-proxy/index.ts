import { Hono } from "hono";

type Env = { UPSTREAM_URL: string; OPENAI_API_KEY: string };

/**
 * The floor any Worker proxy pays: a bare Hono Worker that forwards a chat request to the same
 * upstream, with no auth, policy, key resolution or translation.
 */
const app = new Hono<{ Bindings: Env }>();
app.post("/v1/chat/completions", async (c) => {
  const upstream = await fetch(`${c.env.UPSTREAM_URL}/openai/v1/chat/completions`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${c.env.OPENAI_API_KEY}` },
    body: c.req.raw.body,
  });
  return new Response(upstream.body, { status: upstream.status, headers: upstream.headers });
});

export default app;
