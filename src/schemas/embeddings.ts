import { z } from "@hono/zod-openapi";
import { PublicModelId } from "./chat";
import { findTransportField, TRANSPORT_FIELD_MESSAGE } from "./transport-fields";

const TokenArray = z.array(z.number().int().min(0)).min(1);

/** OpenAI's embeddings request: text, a list of texts, or token arrays. */
export const EmbeddingsBody = z
  .looseObject({
    model: PublicModelId.openapi({ example: "openai/text-embedding-3-small" }),
    input: z.union([
      z.string().min(1, "must not be empty"),
      z.array(z.string().min(1, "must not be empty")).min(1).max(2048),
      TokenArray,
      z.array(TokenArray).min(1).max(2048),
    ]),
    dimensions: z.number().int("must be an integer").min(1).optional(),
    encoding_format: z.enum(["float", "base64"]).optional(),
    user: z.string().max(256).optional(),
  })
  .superRefine((body, ctx) => {
    const transport = findTransportField(body);
    if (transport) ctx.addIssue({ code: "custom", path: transport, message: TRANSPORT_FIELD_MESSAGE });
  })
  .openapi("EmbeddingsRequest");

export type EmbeddingsInput = z.infer<typeof EmbeddingsBody>;

export const EmbeddingList = z
  .looseObject({
    object: z.literal("list"),
    data: z.array(
      z.looseObject({
        object: z.literal("embedding"),
        index: z.number().int(),
        embedding: z.union([z.array(z.number()), z.string()]),
      }),
    ),
    model: z.string(),
    usage: z.looseObject({ prompt_tokens: z.number(), total_tokens: z.number() }),
  })
  .openapi("EmbeddingList");
