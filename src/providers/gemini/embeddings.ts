import { estimateTokens } from "../../ledger/spend-intent";
import { embeddingList } from "../embedding-list";
import { postJson } from "../post-json";
import type { AdapterContext, EmbeddingsRequest, EmbeddingsResult, Outcome } from "../types";
import { readJson } from "../upstream";
import type { GeminiBatchEmbedResponse, GeminiEmbedRequest } from "./wire";

const HANDLED = new Set(["model", "input", "dimensions", "encoding_format"]);
const unsupported = (message: string): Outcome<EmbeddingsResult> => ({
  ok: false,
  failure: { kind: "unsupported", message },
});

/**
 * OpenAI embeddings → Gemini: one text goes to `embedContent`, a list to `batchEmbedContents`,
 * `dimensions` becomes `outputDimensionality`. Gemini reports no token count for embeddings, so
 * the prompt tokens counted are estimated from the text (four bytes a token).
 */
export async function geminiEmbed(
  request: EmbeddingsRequest,
  ctx: AdapterContext,
  auth: Record<string, string>,
): Promise<Outcome<EmbeddingsResult>> {
  const body = request.body;
  for (const [field, value] of Object.entries(body)) {
    if (value !== undefined && value !== null && !HANDLED.has(field)) {
      return unsupported(`${field}: gemini has no equivalent of this field for embeddings; remove it.`);
    }
  }
  const texts = typeof body.input === "string" ? [body.input] : body.input;
  if (!texts.every((t): t is string => typeof t === "string")) {
    return unsupported("input: gemini embeds text; send a string or an array of strings, not token ids.");
  }
  const one = (text: string): GeminiEmbedRequest => ({
    model: `models/${request.model}`,
    content: { parts: [{ text }] },
    ...(body.dimensions !== undefined ? { outputDimensionality: body.dimensions } : {}),
  });
  const model = encodeURIComponent(request.model);
  const single = typeof body.input === "string";
  const url = `${ctx.baseUrl}/v1beta/models/${model}:${single ? "embedContent" : "batchEmbedContents"}`;
  const wire = single ? one(texts[0] ?? "") : { requests: texts.map(one) };
  const opened = await postJson(url, auth, wire, false, ctx);
  if (!opened.ok) return opened;
  const json = await readJson(opened.value);
  if (!json.ok) return json;
  const answer = json.value as GeminiBatchEmbedResponse & { embedding?: { values?: number[] } };
  const vectors = single ? [answer.embedding?.values] : (answer.embeddings ?? []).map((e) => e.values);
  if (vectors.length !== texts.length || !vectors.every((v): v is number[] => Array.isArray(v))) {
    return { ok: false, failure: { kind: "malformed" } };
  }
  const promptTokens = texts.reduce((n, text) => n + estimateTokens(text), 0);
  return { ok: true, value: embeddingList(vectors, request.publicModel, body.encoding_format, promptTokens) };
}
