import { postJson } from "../post-json";
import type { AdapterContext, EmbeddingsRequest, EmbeddingsResult, Outcome } from "../types";
import { readJson } from "../upstream";

type WireList = { data?: unknown; usage?: { prompt_tokens?: number } };

/** `POST {base}/embeddings` for an OpenAI-wire provider: the caller's body with the provider's model name. */
export async function openAiEmbeddings(
  request: EmbeddingsRequest,
  ctx: AdapterContext,
  auth: Record<string, string>,
): Promise<Outcome<EmbeddingsResult>> {
  const opened = await postJson(
    `${ctx.baseUrl}/embeddings`,
    auth,
    { ...request.body, model: request.model },
    false,
    ctx,
  );
  if (!opened.ok) return opened;
  const json = await readJson(opened.value);
  if (!json.ok) return json;
  const list = json.value as WireList & Record<string, unknown>;
  if (typeof list !== "object" || list === null || !Array.isArray(list.data)) {
    return { ok: false, failure: { kind: "malformed" } };
  }
  const promptTokens = list.usage?.prompt_tokens ?? 0;
  return {
    ok: true,
    value: { list: { ...list, model: request.publicModel }, usage: { promptTokens, completionTokens: 0 } },
  };
}
