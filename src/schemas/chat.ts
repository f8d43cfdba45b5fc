import { z } from "@hono/zod-openapi";

/** Fields that would let a caller pick where or how the gateway connects (SSRF); refused anywhere in the body. */
const FORBIDDEN_FIELDS = new Set(["api_base", "base_url", "baseurl", "custom_host", "api_key", "provider_url", "host"]);
const UNSUPPORTED_FIELDS = ["tools", "tool_choice", "functions", "function_call"];

const TextPart = z.object({ type: z.literal("text"), text: z.string() });

const Message = z.object({
  role: z.enum(["system", "developer", "user", "assistant", "tool"]),
  content: z.union([z.string(), z.array(TextPart).min(1), z.null()]).openapi({
    description: "Text, or an array of text parts. Other content parts (images, audio) are not supported.",
  }),
  name: z.string().max(64).optional(),
});

const Tokens = z.number().int("must be an integer").min(1, "must be at least 1").nullable().optional();

/** Finds a forbidden field name at any depth, returning its path. */
function findForbidden(value: unknown, path: string[] = []): string[] | null {
  if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) {
      const hit = findForbidden(item, [...path, String(i)]);
      if (hit) return hit;
    }
    return null;
  }
  if (typeof value !== "object" || value === null) return null;
  for (const [key, inner] of Object.entries(value)) {
    if (FORBIDDEN_FIELDS.has(key.toLowerCase())) return [...path, key];
    const hit = findForbidden(inner, [...path, key]);
    if (hit) return hit;
  }
  return null;
}

/** OpenAI's Chat Completions request, the fields this gateway honours; others are ignored. */
export const ChatCompletionBody = z
  .looseObject({
    model: z
      .string()
      .regex(/^[a-z0-9-]{1,63}\/[A-Za-z0-9._:/-]{1,200}$/, "must be `provider/model`, e.g. openai/gpt-4o-mini")
      .openapi({ example: "openai/gpt-4o-mini" }),
    messages: z.array(Message).min(1, "must hold at least one message"),
    stream: z.boolean().default(false),
    temperature: z.number().min(0).max(2).nullable().optional(),
    top_p: z.number().min(0).max(1).nullable().optional(),
    max_tokens: Tokens,
    max_completion_tokens: Tokens,
    stop: z
      .union([z.string(), z.array(z.string()).max(4)])
      .nullable()
      .optional(),
    stream_options: z.object({ include_usage: z.boolean().optional() }).nullable().optional(),
    presence_penalty: z.number().min(-2).max(2).nullable().optional(),
    frequency_penalty: z.number().min(-2).max(2).nullable().optional(),
    seed: z.number().int().nullable().optional(),
    user: z.string().max(256).optional(),
    n: z.literal(1).nullable().optional(),
    response_format: z.object({ type: z.enum(["text", "json_object"]) }).optional(),
  })
  .superRefine((body, ctx) => {
    const forbidden = findForbidden(body);
    if (forbidden) {
      ctx.addIssue({
        code: "custom",
        path: forbidden,
        message: "is not accepted: the gateway alone chooses where provider requests go",
      });
    }
    for (const field of UNSUPPORTED_FIELDS) {
      if (field in body) {
        ctx.addIssue({
          code: "custom",
          path: [field],
          message: "tool and function calls are not supported by this gateway",
        });
      }
    }
  })
  .openapi("ChatCompletionRequest");

export type ChatCompletionInput = z.infer<typeof ChatCompletionBody>;

const Usage = z.object({ prompt_tokens: z.number(), completion_tokens: z.number(), total_tokens: z.number() });

export const ChatCompletionSchema = z
  .object({
    id: z.string(),
    object: z.literal("chat.completion"),
    created: z.number(),
    model: z.string(),
    choices: z.array(
      z.object({
        index: z.number(),
        message: z.object({ role: z.literal("assistant"), content: z.string() }),
        finish_reason: z.enum(["stop", "length", "content_filter", "tool_calls"]).nullable(),
      }),
    ),
    usage: Usage.optional(),
  })
  .openapi("ChatCompletion");

export const ChatCompletionStream = z.string().openapi({
  description:
    "With `stream: true`: server-sent events, each `data:` an OpenAI `chat.completion.chunk`, ending with `data: [DONE]`.",
});
