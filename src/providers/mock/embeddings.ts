import { embeddingList } from "../embedding-list";
import type { EmbeddingsRequest, EmbeddingsResult, Outcome } from "../types";

const DEFAULT_DIMENSIONS = 8;

/** A unit vector derived from the text's SHA-256: the same text always embeds the same. */
async function vectorOf(text: string, dimensions: number): Promise<number[]> {
  const values: number[] = [];
  for (let block = 0; values.length < dimensions; block++) {
    const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(`${block}:${text}`)));
    for (const byte of digest) if (values.length < dimensions) values.push(byte / 127.5 - 1);
  }
  const norm = Math.hypot(...values) || 1;
  return values.map((v) => v / norm);
}

/** Offline embeddings for development: deterministic vectors, usage counted in words. */
export async function mockEmbed(request: EmbeddingsRequest): Promise<Outcome<EmbeddingsResult>> {
  const { input, dimensions, encoding_format: encoding } = request.body;
  const texts = (typeof input === "string" ? [input] : input).map((item) =>
    typeof item === "string" ? item : Array.isArray(item) ? item.join(" ") : String(item),
  );
  const vectors = await Promise.all(texts.map((text) => vectorOf(text, dimensions ?? DEFAULT_DIMENSIONS)));
  const words = texts.reduce((n, text) => n + text.split(/\s+/).filter(Boolean).length, 0);
  return { ok: true, value: embeddingList(vectors, request.publicModel, encoding, words) };
}
