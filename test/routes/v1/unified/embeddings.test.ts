import { describe, expect, it } from "vitest";
import { ai, expectError, expectStatus, provision } from "../../../helpers/api";
import { usageOf } from "../../../helpers/module-usage";
import { newTag, upstreamRequests } from "../../../helpers/upstream";

const embeddings = (key: string, body: Record<string, unknown>) =>
  ai("/api/v1/embeddings", key, { method: "POST", body });
type List = {
  object: string;
  model: string;
  data: Array<{ index: number; embedding: number[] | string }>;
  usage: { prompt_tokens: number };
};

describe("POST /embeddings", () => {
  it("forwards to OpenAI unchanged but for the model name, and counts the prompt tokens", async () => {
    const p = await provision();
    const tag = newTag();
    const request = {
      model: "openai/text-embedding-3-small",
      input: [`The food was delicious tag:${tag}`, "and the waiter"],
      dimensions: 3,
    };
    const body = await expectStatus<List>(await embeddings(p.secret_key, request), 200);
    const [sent] = await upstreamRequests(tag);
    expect(sent?.path).toBe("/openai/v1/embeddings");
    expect(JSON.parse(sent?.body ?? "{}")).toEqual({ ...request, model: "text-embedding-3-small" });
    expect(body.model).toBe("openai/text-embedding-3-small");
    expect(body.data.map((d) => d.index)).toEqual([0, 1]);
    expect(await usageOf(p.module_id, (u) => u.prompt_tokens >= 8)).toMatchObject({
      prompt_tokens: 8,
      completion_tokens: 0,
    });
  });

  it("translates a list to Gemini batchEmbedContents and one text to embedContent, dimensions as outputDimensionality", async () => {
    const p = await provision();
    const tag = newTag();
    const texts = [`What is the meaning of life? tag:${tag}`, "How does the brain work?"];
    const body = await expectStatus<List>(
      await embeddings(p.secret_key, { model: "gemini/gemini-embedding-001", input: texts, dimensions: 3 }),
      200,
    );
    const [sent] = await upstreamRequests(tag);
    expect(sent?.path).toBe("/gemini/v1beta/models/gemini-embedding-001:batchEmbedContents");
    expect(JSON.parse(sent?.body ?? "{}")).toEqual({
      requests: texts.map((text) => ({
        model: "models/gemini-embedding-001",
        content: { parts: [{ text }] },
        outputDimensionality: 3,
      })),
    });
    expect(body).toMatchObject({ object: "list", model: "gemini/gemini-embedding-001" });
    expect(body.data).toEqual([
      { object: "embedding", index: 0, embedding: [0.013168523, -0.008711934, -0.046782676] },
      { object: "embedding", index: 1, embedding: [-0.020542813, 0.0164211, 0.027613344] },
    ]);
    // Gemini reports no tokens for embeddings: four bytes a token, estimated from the texts.
    const estimate = texts.reduce((n, t) => n + Math.ceil(new TextEncoder().encode(t).byteLength / 4), 0);
    expect(body.usage.prompt_tokens).toBe(estimate);
    expect(await usageOf(p.module_id, (u) => u.prompt_tokens >= estimate)).toMatchObject({ prompt_tokens: estimate });

    const single = newTag();
    const one = await expectStatus<List>(
      await embeddings(p.secret_key, {
        model: "gemini/gemini-embedding-001",
        input: `one tag:${single}`,
        encoding_format: "base64",
      }),
      200,
    );
    const [sentOne] = await upstreamRequests(single);
    expect(sentOne?.path).toBe("/gemini/v1beta/models/gemini-embedding-001:embedContent");
    expect(JSON.parse(sentOne?.body ?? "{}")).toEqual({
      model: "models/gemini-embedding-001",
      content: { parts: [{ text: `one tag:${single}` }] },
    });
    // base64 of little-endian float32, as OpenAI encodes it and its SDK decodes it.
    const bytes = Uint8Array.from(atob(one.data[0]?.embedding as string), (ch) => ch.charCodeAt(0));
    expect([...new Float32Array(bytes.buffer)]).toEqual([
      ...new Float32Array([0.013168523, -0.008711934, -0.046782676, 0.00069968984]),
    ]);
  });

  it("embeds offline with the mock: the same text gives the same unit vector", async () => {
    const { secret_key } = await provision();
    const a = await expectStatus<List>(
      await embeddings(secret_key, { model: "mock/echo", input: ["same", "other"] }),
      200,
    );
    const b = await expectStatus<List>(await embeddings(secret_key, { model: "mock/echo", input: "same" }), 200);
    expect(b.data[0]?.embedding).toEqual(a.data[0]?.embedding);
    expect(a.data[1]?.embedding).not.toEqual(a.data[0]?.embedding);
    const v = a.data[0]?.embedding as number[];
    expect(v).toHaveLength(8);
    expect(Math.hypot(...v)).toBeCloseTo(1, 6);
  });

  it("refuses providers without embeddings, token ids for Gemini, and models outside the allowlist", async () => {
    const { secret_key } = await provision({
      allowed_models: ["anthropic/claude-sonnet-4-5", "gemini/gemini-embedding-001"],
    });
    expect(
      await expectError(
        await embeddings(secret_key, { model: "anthropic/claude-sonnet-4-5", input: "x" }),
        400,
        "invalid_request",
      ),
    ).toMatch(/^model: anthropic has no embeddings API/);
    expect(
      await expectError(
        await embeddings(secret_key, { model: "gemini/gemini-embedding-001", input: [1, 2, 3] }),
        400,
        "invalid_request",
      ),
    ).toMatch(/^input: gemini embeds text/);
    await expectError(
      await embeddings(secret_key, { model: "openai/text-embedding-3-small", input: "x" }),
      403,
      "model_not_allowed",
    );
  });
});
