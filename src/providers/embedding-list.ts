import type { EmbeddingsResult } from "./types";

/** A float vector as OpenAI's `encoding_format: "base64"` sends it: little-endian float32 bytes, base64. */
export function base64Floats(values: readonly number[]): string {
  const bytes = new Uint8Array(new Float32Array(values).buffer);
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}

/** Vectors in OpenAI's list shape, encoded as the caller asked, with the prompt tokens they count. */
export function embeddingList(
  vectors: readonly (readonly number[])[],
  publicModel: string,
  encoding: "float" | "base64" | undefined,
  promptTokens: number,
): EmbeddingsResult {
  const data = vectors.map((values, index) => ({
    object: "embedding",
    index,
    embedding: encoding === "base64" ? base64Floats(values) : [...values],
  }));
  return {
    list: {
      object: "list",
      data,
      model: publicModel,
      usage: { prompt_tokens: promptTokens, total_tokens: promptTokens },
    },
    usage: { promptTokens, completionTokens: 0 },
  };
}
